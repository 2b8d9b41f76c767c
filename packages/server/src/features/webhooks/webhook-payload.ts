/** A recorded plan decision, as the webhooks feature hears of it (app.ts maps the outcome). */
export interface DecisionNotice {
  readonly plan: string;
  /** GO, HOLD, ROLLBACK, PAUSE, APPROVE, RESUME, CONFIRM. */
  readonly decision: string;
  readonly actor: string;
  readonly summary: string;
  /** The run's status before and after. */
  readonly from: string;
  readonly to: string;
  /** ISO 8601. */
  readonly at: string;
  /** The decision's evidence, each with a sentence a person can read. */
  readonly evidence: readonly { readonly text: string }[];
}

/** A Slack-compatible message (`text`, `blocks`) with the structured decision under `ramp`. */
export interface WebhookPayload {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly ramp: { readonly event: 'plan.decision' } & DecisionNotice;
}

type SlackBlock =
  | { readonly type: 'section'; readonly text: { readonly type: 'mrkdwn'; readonly text: string } }
  | {
      readonly type: 'context';
      readonly elements: readonly { readonly type: 'mrkdwn'; readonly text: string }[];
    };

// Slack refuses a section longer than 3000 characters; a long evidence list is cut.
const MAX_SECTION = 2900;
const MAX_EVIDENCE = 10;

/**
 * The body posted for a decision. Slack (and Mattermost, Discord's `/slack` endpoint) show
 * `text`/`blocks`; other receivers read `ramp`.
 *
 * @example
 * const body = JSON.stringify(webhookPayload(notice))
 */
export function webhookPayload(notice: DecisionNotice): WebhookPayload {
  const headline = `*${notice.decision}* · plan \`${notice.plan}\` (${notice.from} → ${notice.to})`;
  const lines = notice.evidence.slice(0, MAX_EVIDENCE).map((e) => `• ${e.text}`);
  const more = notice.evidence.length - lines.length;
  if (more > 0) lines.push(`…and ${more} more`);
  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: cut(`${headline}\n${notice.summary}`) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `by ${notice.actor} at ${notice.at}` }],
    },
  ];
  if (lines.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n')) } });
  }
  return {
    text: `Ramp: plan ${notice.plan}: ${notice.decision} by ${notice.actor}: ${notice.summary}`,
    blocks,
    ramp: { event: 'plan.decision', ...notice },
  };
}

function cut(text: string): string {
  return text.length <= MAX_SECTION ? text : `${text.slice(0, MAX_SECTION - 1)}…`;
}
