import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { Access } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import {
  DOCS_PREFIX,
  openApiDocument,
  transformDocument,
  transformRoute,
} from './openapi-document.js';

export { DOCS_PREFIX } from './openapi-document.js';

/**
 * OpenAPI 3.1 generated from the routes' TypeBox schemas (the ones requests are validated
 * with), served as JSON at `/docs/json`, YAML at `/docs/yaml` and a page at `/docs`. Register
 * it before any route: @fastify/swagger documents the routes added after it.
 */
export function openApiFeature() {
  return {
    register(app: TypeboxApp): void {
      // The UI's routes (page, assets, JSON) are public documentation: they are declared so
      // here, as the plugin cannot say it, before the app's check that every route does.
      app.addHook('onRoute', (route) => {
        if (route.url.startsWith(DOCS_PREFIX) && route.config?.access === undefined) {
          route.config = { ...route.config, access: Access.PUBLIC };
        }
      });
      void app.register(fastifySwagger, {
        openapi: openApiDocument,
        transform: transformRoute,
        transformObject: transformDocument,
      });
      void app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
    },
  };
}
