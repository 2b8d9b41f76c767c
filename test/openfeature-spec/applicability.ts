import type { Pickle } from '@cucumber/messages';

const NON_BOOLEAN =
  'a string, number or object flag: Ramp flags are on/off (boolean), other types are not expressible';
const TARGETING =
  'a targeting rule on context attributes (CEL): Ramp decides on the session bucket only';
const METADATA =
  'custom flag metadata: Ramp attaches its own (bucket, percentage, source, rampReason)';

/** Flags of the spec's test-flags.json that Ramp cannot express, and why. */
const BEYOND_RAMP: Readonly<Record<string, string>> = {
  'string-flag': NON_BOOLEAN,
  'integer-flag': NON_BOOLEAN,
  'float-flag': NON_BOOLEAN,
  'object-flag': NON_BOOLEAN,
  'string-zero-flag': NON_BOOLEAN,
  'integer-zero-flag': NON_BOOLEAN,
  'float-zero-flag': NON_BOOLEAN,
  'object-zero-flag': NON_BOOLEAN,
  'string-disabled-flag': NON_BOOLEAN,
  'integer-disabled-flag': NON_BOOLEAN,
  'float-disabled-flag': NON_BOOLEAN,
  'object-disabled-flag': NON_BOOLEAN,
  'wrong-flag': NON_BOOLEAN,
  'boolean-targeted-zero-flag': TARGETING,
  'string-targeted-zero-flag': TARGETING,
  'integer-targeted-zero-flag': TARGETING,
  'float-targeted-zero-flag': TARGETING,
  'object-targeted-zero-flag': TARGETING,
  'complex-targeted': TARGETING,
  'context-aware': TARGETING,
  'metadata-flag': METADATA,
};

/** Scenarios that test something Ramp never does, by step text or scenario name. */
const NEVER_IN_RAMP: readonly { readonly match: RegExp; readonly why: string }[] = [
  {
    match: /^a fatal provider$/,
    why: 'Ramp never fails irrecoverably: a control plane that is down is ERROR or STALE and recovers',
  },
  {
    match: /^CACHED reason$/,
    why: 'the provider never serves cached results: each evaluation is a fresh, synchronous engine decision',
  },
];

/** Why a scenario does not apply to Ramp's provider, or undefined when it does. */
export function notApplicable(pickle: Pickle): string | undefined {
  const texts = [pickle.name, ...pickle.steps.map((step) => step.text)];
  for (const text of texts) {
    const never = NEVER_IN_RAMP.find((rule) => rule.match.test(text));
    if (never !== undefined) return never.why;
    const key = /key "([^"]+)"/.exec(text)?.[1];
    const beyond = key === undefined ? undefined : BEYOND_RAMP[key];
    if (beyond !== undefined) return `${key} is ${beyond}`;
  }
  return undefined;
}
