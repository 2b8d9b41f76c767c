import type { Flag } from '@ramp/api';
import type { Reason } from '@ramp/sdk/engine';
import { useDeferredValue, useId, useState } from 'react';
import { useDashboard } from '../lib/dashboard-context.js';
import { explainSession, type Explanation } from '../lib/explain.js';
import { formatPercentage } from '../lib/format.js';

const REASONS: Record<Reason, string> = {
  ROLLOUT_IN: 'the session is inside the rollout',
  ROLLOUT_OUT: 'the session is outside the rollout',
  FULL_ROLLOUT: 'the flag is on for everyone',
  DISABLED: 'the flag is switched off',
  KILLED: 'the kill switch is on',
  ROLLED_BACK: 'the flag was rolled back',
  PREREQUISITE_OFF: 'a flag it requires is off for this session',
  ERROR: 'the flag’s configuration is invalid',
  NOT_FOUND: 'no flag has this key',
};

/**
 * "Why does this session get that?": the hash input, the bucket and the decision, computed in
 * the browser by the SDK's engine, exactly as every SDK decides.
 */
export function ExplainPanel({ flag }: { readonly flag: Flag }) {
  const { feed } = useDashboard();
  const id = useId();
  const [sessionId, setSessionId] = useState('');
  const deferred = useDeferredValue(sessionId);
  const explanation = explainSession(flag, feed, deferred);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Explain for a session</h2>
      <div className="field">
        <label htmlFor={`${id}-session`}>Session id</label>
        <input
          id={`${id}-session`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. user-42"
          value={sessionId}
          onChange={(event) => setSessionId(event.target.value)}
        />
      </div>
      <ExplanationList explanation={explanation} />
    </section>
  );
}

function ExplanationList({ explanation: e }: { readonly explanation: Explanation }) {
  const { enabled, reason } = e.evaluation;
  const rollout = reason === 'ROLLOUT_IN' || reason === 'ROLLOUT_OUT';
  return (
    <dl className="explain" aria-live="polite">
      <dt>Hash input</dt>
      <dd>
        <code>{e.hashInput}</code>
      </dd>
      <dt>SHA-256, first 32 bits</dt>
      <dd>
        <code>{e.hashHex}</code> = {e.hash}
      </dd>
      <dt>Bucket</dt>
      <dd>
        {e.hash} mod 100 = <strong data-testid="explain-bucket">{e.bucket}</strong>
      </dd>
      {rollout && <Comparison explanation={e} />}
      <dt>Decision</dt>
      <dd>
        <strong data-testid="explain-decision" className={enabled ? 'decision-on' : 'decision-off'}>
          {enabled ? 'ON' : 'OFF'}
        </strong>{' '}
        ({reason}: {REASONS[reason]})
      </dd>
    </dl>
  );
}

function Comparison({ explanation: e }: { readonly explanation: Explanation }) {
  const whole = e.basisPoints % 100 === 0;
  const percentage = formatPercentage(e.basisPoints / 100);
  return (
    <>
      <dt>Rollout</dt>
      <dd>
        {whole ? (
          <>
            bucket {e.bucket} {e.evaluation.enabled ? '<' : '≥'} {percentage}
          </>
        ) : (
          <>
            position {e.position} (bucket and the next two digits){' '}
            {e.evaluation.enabled ? '<' : '≥'} {e.basisPoints} ({percentage} × 100)
          </>
        )}
      </dd>
    </>
  );
}
