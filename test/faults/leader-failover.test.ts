// Three `ramp serve` replicas on one PostgreSQL; the leader is killed with SIGKILL in the
// middle of a running plan. Another replica must take over and finish the plan, taking
// every step exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadersOf, startReplicaSet, within, type Replica, type ReplicaSet } from './support.js';

const PLAN = `
name: failover
flags:
  - key: checkout
phases:
  - name: canary
    percentages: { checkout: 10 }
    bake: 1s
  - name: expand
    steps:
      - percentages: { checkout: 20 }
        wait: 1s
      - percentages: { checkout: 30 }
        wait: 1s
    percentages: { checkout: 50 }
    bake: 1s
  - name: general
    percentages: { checkout: 100 }
    bake: 1s
`;

describe('leader failover during a running plan', () => {
  let set: ReplicaSet;
  let replicas: Replica[];

  beforeAll(async () => {
    set = await startReplicaSet(3);
    replicas = set.replicas;
  }, 60_000);
  afterAll(() => set.stop(), 30_000);

  it('elects another leader, which finishes the plan without a double step', async () => {
    await within(5_000, async () => (await leadersOf(replicas)).length === 1, 'one leader');
    const [leader] = await leadersOf(replicas);
    const followers = replicas.filter((r) => r !== leader);
    const admin = followers[0]!.admin;
    await admin.createFlag({ key: 'checkout' });
    await admin.applyPlan(PLAN);

    // Kill the leader once the plan is under way, in its second phase.
    await within(
      10_000,
      async () => (await admin.getFlag('checkout')).percentage === 20,
      'the plan reaches 20%',
    );
    await leader!.kill9();

    await within(5_000, async () => (await leadersOf(followers)).length === 1, 'a new leader');
    await within(
      15_000,
      async () => (await admin.getPlan('failover')).status === 'completed',
      'the plan completes',
    );

    // Every stop once, in order, decided by the controller.
    const audit = await admin.audit({ flag: 'checkout', limit: 1000 });
    const steps = audit.events
      .filter((e) => e.actor === 'controller')
      .reverse()
      .map((e) => (e.after as { percentage: number }).percentage);
    expect(steps).toEqual([10, 20, 30, 50, 100]);
    // One GO per stop (five) and one for completing, each recorded once.
    const { decisions } = await admin.planDecisions('failover');
    const gos = decisions.filter((d) => d.decision === 'GO').reverse();
    expect(gos).toHaveLength(6);
    expect(new Set(gos.map((d) => d.summary)).size).toBe(6);
    expect(gos.at(-1)).toMatchObject({ from: 'running', to: 'completed' });
    expect(await admin.getFlag('checkout')).toMatchObject({ enabled: true, percentage: 100 });
  }, 60_000);
});
