import type { AuditEvent } from '@ramp/api';
import { useEffect, useState } from 'react';
import type { Api } from './api.js';

export type AuditResult =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly events: readonly AuditEvent[] }
  | { readonly kind: 'failed'; readonly error: string };

/**
 * Audit events (newest first) for one flag, or for every flag when `flag` is undefined.
 * Refetched whenever `revision` moves, so a change seen on the feed shows up here too.
 */
export function useAudit(
  api: Api,
  options: {
    readonly flag?: string | undefined;
    readonly limit: number;
    readonly revision: number;
  },
): AuditResult {
  const { flag, limit, revision } = options;
  const [result, setResult] = useState<AuditResult>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    api
      .audit(flag === undefined ? { limit } : { flag, limit })
      .then(({ events }) => current && setResult({ kind: 'loaded', events }))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : 'the audit log cannot be read';
        if (current) setResult({ kind: 'failed', error: message });
      });
    return () => {
      current = false;
    };
  }, [api, flag, limit, revision]);
  return result;
}
