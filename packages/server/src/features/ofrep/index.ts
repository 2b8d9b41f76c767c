import type { TypeboxApp } from '../../http/typebox-app.js';
import { registerOfrepRoutes, type OfrepDeps } from './ofrep-routes.js';

export type { OfrepDeps } from './ofrep-routes.js';

/** Wires the OpenFeature Remote Evaluation Protocol over the engine's evaluation. */
export function ofrepFeature(deps: OfrepDeps) {
  return {
    register(app: TypeboxApp): void {
      registerOfrepRoutes(app, deps);
    },
  };
}
