import { formatDateTime, formatPercentage } from '../lib/format.js';

/** Where a phase of a rollout plan stands. */
export type PhaseStatus =
  'pending' | 'running' | 'awaiting-approval' | 'held' | 'paused' | 'completed' | 'rolled-back';

const STATUS_LABELS: Record<PhaseStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  'awaiting-approval': 'Awaiting approval',
  held: 'Held',
  paused: 'Paused',
  completed: 'Completed',
  'rolled-back': 'Rolled back',
};

/** One phase as the timeline shows it. */
export interface TimelinePhase {
  readonly name: string;
  readonly status: PhaseStatus;
  /** Flag key -> percentage this phase sets. */
  readonly percentages: Readonly<Record<string, number>>;
  readonly startedAt?: string | undefined;
  readonly endedAt?: string | undefined;
  /** The latest decision about this phase, in words ("GO: every gate passed"). */
  readonly decision?: string | undefined;
  /** More about the phase in words (its bake, its steps). */
  readonly detail?: string | undefined;
}

export interface PhaseTimelineProps {
  /** e.g. the plan's name. */
  readonly label: string;
  readonly phases: readonly TimelinePhase[];
}

/** A plan's phases in order, each with its percentages, status and latest decision. */
export function PhaseTimeline({ label, phases }: PhaseTimelineProps) {
  if (phases.length === 0) return <p className="empty">This plan has no phases.</p>;
  return (
    <ol className="timeline" aria-label={label}>
      {phases.map((phase, i) => {
        const current = phase.status !== 'pending' && phase.status !== 'completed';
        return (
          <li
            key={`${i}-${phase.name}`}
            className={`timeline-phase timeline-${phase.status}`}
            aria-current={current ? 'step' : undefined}
          >
            <div className="timeline-head">
              <strong>{phase.name}</strong>
              <span className="timeline-status">{STATUS_LABELS[phase.status]}</span>
            </div>
            <ul className="timeline-flags">
              {Object.entries(phase.percentages).map(([flag, percentage]) => (
                <li key={flag}>
                  <code>{flag}</code> {formatPercentage(percentage)}
                </li>
              ))}
            </ul>
            {(phase.startedAt !== undefined || phase.endedAt !== undefined) && (
              <p className="timeline-times">
                {phase.startedAt !== undefined && <>Started {formatDateTime(phase.startedAt)}</>}
                {phase.endedAt !== undefined && <>; ended {formatDateTime(phase.endedAt)}</>}
              </p>
            )}
            {phase.detail !== undefined && <p className="timeline-detail">{phase.detail}</p>}
            {phase.decision !== undefined && <p className="timeline-decision">{phase.decision}</p>}
          </li>
        );
      })}
    </ol>
  );
}
