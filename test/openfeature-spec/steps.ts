import { ProviderEvents, type FlagValue } from '@openfeature/server-sdk';
import { expect, vi } from 'vitest';
import type { FlagType, ProviderKind, World } from './world.js';

/** One step implementation: a pattern over the step text and what it does. */
export interface StepDefinition {
  readonly pattern: RegExp;
  readonly run: (world: World, args: string[], table: string[][] | undefined) => unknown;
}

const step = (pattern: RegExp, run: StepDefinition['run']): StepDefinition => ({ pattern, run });

/** A value written in a feature file, as the flag type reads it. */
function parseValue(type: FlagType, text: string): FlagValue {
  switch (type) {
    case 'boolean':
      return text === 'true';
    case 'string':
      return text;
    case 'integer':
      return Number.parseInt(text, 10);
    case 'float':
      return Number.parseFloat(text);
    case 'object':
      // Table cells keep the backslashes of `{\"a\": 1}`.
      return JSON.parse(text.replaceAll('\\"', '"')) as FlagValue;
  }
}

/** A value of a hooks table: `null` and `None` mean absent. */
function parseTyped(dataType: string, text: string): unknown {
  if (text === 'null' || text === 'None') return undefined;
  if (dataType === 'boolean') return text === 'true';
  if (dataType === 'integer') return Number.parseInt(text, 10);
  return text;
}

const DETAIL_FIELDS: Readonly<Record<string, string>> = {
  flag_key: 'flagKey',
  value: 'value',
  variant: 'variant',
  reason: 'reason',
  error_code: 'errorCode',
};

const EVENTS: Readonly<Record<string, ProviderEvents>> = {
  PROVIDER_READY: ProviderEvents.Ready,
  PROVIDER_ERROR: ProviderEvents.Error,
  PROVIDER_STALE: ProviderEvents.Stale,
  PROVIDER_CONFIGURATION_CHANGED: ProviderEvents.ConfigurationChanged,
};

const providerSteps: StepDefinition[] = [
  step(/^a (stable|not ready|error|stale) provider$/, async (world, [kind]) => {
    await world.useProvider(kind as ProviderKind);
    if (kind === 'stale') {
      await vi.waitFor(() => expect(world.client.providerStatus).toBe('STALE'));
    }
  }),
  step(/^a provider is registered$/, (world) => world.useProvider('stable')),
  step(/^the provider status should be "(.*)"$/, (world, [status]) => {
    expect(world.client.providerStatus).toBe(status);
  }),
];

const evaluationSteps: StepDefinition[] = [
  step(
    /^an? (\w+)-flag with key "(.*)" and a default value "(.*)"$/i,
    (world, [type, key, value]) => {
      const flagType = type!.toLowerCase() as FlagType;
      world.flag = { type: flagType, key: key!, defaultValue: parseValue(flagType, value!) };
    },
  ),
  step(
    /^a context containing a key "(.*)", with type "(.*)" and with value "(.*)"$/,
    (world, [key, type, value]) => {
      world.context = {
        ...world.context,
        [key!]: parseValue(type!.toLowerCase() as FlagType, value!),
      };
    },
  ),
  step(/^a context containing a key "(.*)" with null value$/, (world, [key]) => {
    world.context = { ...world.context, [key!]: null };
  }),
  step(/^the flag was evaluated with details$/, async (world) => {
    world.details = await world.evaluate();
  }),
  step(/^the resolved details value should be "(.*)"$/, (world, [value]) => {
    expect(world.details?.value).toEqual(parseValue(world.flag!.type, value!));
  }),
  step(/^the reason should be "(.*)"$/, (world, [reason]) => {
    expect(world.details?.reason).toBe(reason);
  }),
  step(/^the error-code should be "(.*)"$/, (world, [code]) => {
    expect(world.details?.errorCode).toBe(code);
  }),
  step(/^the error message should contain "(.*)"$/, (world, [text]) => {
    expect(world.details?.errorMessage).toContain(text);
  }),
  step(/^the flag key should be "(.*)"$/, (world, [key]) => {
    expect(world.details?.flagKey).toBe(key);
  }),
  step(/^the variant should be "(.*)"$/, (world, [variant]) => {
    expect(world.details?.variant).toBe(variant);
  }),
  step(/^the flag was evaluated with details asynchronously$/, (world) => {
    world.pending = world.evaluate();
  }),
  step(/^the evaluation should complete without blocking$/, async (world) => {
    expect(world.pending).toBeInstanceOf(Promise);
    world.details = await world.pending;
  }),
  step(/^an evaluation context with modifiable data$/, (world) => {
    world.context = { targetingKey: 'user-1', tags: ['beta'], account: { plan: 'pro' } };
    world.contextBefore = structuredClone(world.context);
  }),
  step(/^the original evaluation context should remain unmodified$/, (world) => {
    expect(world.context).toEqual(world.contextBefore);
  }),
  step(/^the evaluation details should be immutable$/, (world) => {
    expect(Object.isFrozen(world.details?.flagMetadata)).toBe(true);
  }),
];

const hookSteps: StepDefinition[] = [
  step(/^a client with added hook$/, (world) => {
    world.api.addHooks(world.recordingHook('client'));
  }),
  step(/^the "(\w+)" hook should have been executed$/, (world, [stage]) => {
    expect(world.hookCalls.map((call) => call.stage)).toContain(stage);
  }),
  step(/^the "(.*)" hooks should be called with evaluation details$/, (world, [stages], table) => {
    for (const stage of stages!.split(',').map((s) => s.trim())) {
      const details = world.hookCalls.find((call) => call.stage === stage)?.details;
      expect(details, `${stage} hook`).toBeDefined();
      for (const [dataType, field, value] of table!.slice(1)) {
        const name = DETAIL_FIELDS[field!] ?? field!;
        expect((details as Record<string, unknown>)[name], `${stage}: ${field}`).toEqual(
          parseTyped(dataType!, value!),
        );
      }
    }
  }),
  step(/^evaluation options containing specific hooks$/, (world) => {
    world.options = { hooks: [world.recordingHook('first'), world.recordingHook('second')] };
  }),
  step(/^the flag was evaluated with details using the evaluation options$/, async (world) => {
    world.details = await world.evaluate();
  }),
  step(/^the specified hooks should execute during evaluation$/, (world) => {
    for (const hook of ['first', 'second']) {
      const stages = world.hookCalls.filter((call) => call.hook === hook).map((c) => c.stage);
      expect(stages).toEqual(['before', 'after', 'finally']);
    }
  }),
  step(/^the hook order should be maintained$/, (world) => {
    const order = world.hookCalls.map((call) => `${call.hook}.${call.stage}`);
    // before in the order given; after and finally in reverse (spec 4.4.2).
    expect(order).toEqual([
      'first.before',
      'second.before',
      'second.after',
      'first.after',
      'second.finally',
      'first.finally',
    ]);
  }),
];

const eventSteps: StepDefinition[] = [
  step(/^a provider which supports events and requires initialization$/, () => {
    // RampProvider has events and an initialize(); the next steps set it up.
  }),
  step(/^an? (PROVIDER_\w+) handler is attached$/, (world, [event]) => {
    world.events.set(event!, []);
    world.api.addHandler(EVENTS[event!]!, (details) => {
      world.events.get(event!)?.push(details ?? { providerName: '' });
    });
  }),
  step(/^the provider is set and successully initialized$/, (world) => world.useProvider('stable')),
  step(/^the provider is set and fails to initialize$/, (world) => world.useProvider('error')),
  step(/^a flag with key "(.*)" is modified$/, async (world, [key]) => {
    if (world.flags === undefined) await world.useProvider('stable');
    world.flags!.rollback(key!, 'modified by the OpenFeature events suite');
  }),
  step(/^the (PROVIDER_\w+) handler must run$/, async (world, [event]) => {
    await vi.waitFor(() => expect(world.events.get(event!)?.length).toBeGreaterThan(0));
  }),
  step(/^the event details must indicate "(.*)" was altered$/, (world, [key]) => {
    const changes = world.events.get('PROVIDER_CONFIGURATION_CHANGED') ?? [];
    expect(changes.flatMap((details) => details.flagsChanged ?? [])).toContain(key);
  }),
];

/** `""` is an empty name and `"NULL"` a null one, as the tracking suite writes them. */
function eventName(text: string): string {
  const name = text.replace(/^"(.*)"$/, '$1');
  return (name === 'NULL' ? null : name) as string;
}

const trackingSteps: StepDefinition[] = [
  step(/^an event was tracked with tracking event name (.*)$/, (world, [name]) => {
    world.client.track(eventName(name!), { targetingKey: 'user-1' }, {});
  }),
  step(/^nothing should have been tracked$/, (world) => {
    expect(world.tracked).toEqual([]);
  }),
  step(/^the tracking operation shall error$/, (world) => {
    // The SDK catches what the provider throws and logs it at debug level.
    expect(world.trackingErrors).toHaveLength(1);
  }),
  step(/^the tracking provider should have been called with event name (.*)$/, (world, [name]) => {
    expect(world.tracked.map((event) => event.name)).toEqual([eventName(name!)]);
    expect(world.tracked[0]?.sessionId).toBe('user-1');
  }),
];

export const STEPS: readonly StepDefinition[] = [
  ...providerSteps,
  ...evaluationSteps,
  ...hookSteps,
  ...eventSteps,
  ...trackingSteps,
];

/** Runs one step of a pickle; a step without a definition fails the scenario. */
export async function runStep(world: World, text: string, table?: string[][]): Promise<void> {
  for (const definition of STEPS) {
    const match = definition.pattern.exec(text);
    if (match !== null) {
      await definition.run(world, match.slice(1), table);
      return;
    }
  }
  throw new Error(`no step definition for: ${text}`);
}
