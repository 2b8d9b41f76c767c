import { EvaluateBody, type EvaluateResult } from '@ramp/api';
import { Access } from '../../http/access.js';
import type { TypeboxApp } from '../../http/typebox-app.js';
import { evaluateSnapshot } from './evaluation.js';
import type { FlagsService } from './flags-service.js';

/** `POST /api/v1/evaluate`: the SDK engine's decision for one session, server side. */
export function registerEvaluateRoutes(
  app: TypeboxApp,
  service: FlagsService,
  onEvaluated?: (result: EvaluateResult) => void,
): void {
  app.post(
    '/api/v1/evaluate',
    { config: { access: Access.FEED }, schema: { body: EvaluateBody } },
    async (request): Promise<EvaluateResult> => {
      const snapshot = await service.snapshot();
      const result = evaluateSnapshot(snapshot, request.body.sessionId, request.body.flags);
      onEvaluated?.(result);
      return result;
    },
  );
}
