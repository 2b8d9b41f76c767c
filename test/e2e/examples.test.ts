import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const app = new URL('../../examples/env-only/app.mjs', import.meta.url).pathname;

function runApp(env: Record<string, string>): string {
  return execFileSync(process.execPath, [app], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('examples/env-only', () => {
  it("puts 10 % of sessions on the new path from the team's env var names", () => {
    const out = runApp({ MEMORY_SYSTEM_ENABLED: 'true', MEMORY_ROLLOUT_PERCENTAGE: '10' });
    expect(out).toContain('memory_system: 105/1000 sessions on the new path');
  });

  it('keeps everyone on the legacy path when the flag is off', () => {
    const out = runApp({ MEMORY_SYSTEM_ENABLED: 'false', MEMORY_ROLLOUT_PERCENTAGE: '10' });
    expect(out).toContain('memory_system: 0/1000 sessions on the new path');
  });

  it('rolls back in process', () => {
    const out = runApp({ MEMORY_SYSTEM_ENABLED: 'true', SIMULATE_INCIDENT: 'true' });
    expect(out).toContain('after rollback: legacy store for session-42');
  });
});
