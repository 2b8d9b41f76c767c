// Summarizes a V8 .cpuprofile (node --cpu-prof): where the server spent its time, by function
// (self time) and by package, to say where the time goes when a target is missed.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function area(url) {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  const ramp = /packages\/([^/]+)\//.exec(url)?.[1];
  if (ramp !== undefined) return `@ramp/${ramp}`;
  return url;
}

/** Reads the one .cpuprofile in `dir`; returns the top functions and packages by self time. */
export function summarizeProfile(dir, top = 20) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) return undefined;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map();
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const where = callFrame.url.replace(/^.*\/(node_modules|packages)\//, '$1/');
    const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const key = ['(idle)', '(program)', '(garbage collector)'].includes(callFrame.functionName)
      ? callFrame.functionName
      : area(callFrame.url);
    areas.set(key, (areas.get(key) ?? 0) + us);
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return { file, totalMs: total / 1000, functions: rank(functions), areas: rank(areas) };
}

export function profileText(summary) {
  const pct = (share) => `${(share * 100).toFixed(1).padStart(5)} %`;
  const lines = [
    `server CPU profile (${summary.file}, ${(summary.totalMs / 1000).toFixed(1)} s sampled)`,
  ];
  lines.push('  by package (self time):');
  for (const a of summary.areas) lines.push(`    ${pct(a.share)}  ${a.name}`);
  lines.push('  by function (self time):');
  for (const f of summary.functions) lines.push(`    ${pct(f.share)}  ${f.name}`);
  return lines.join('\n');
}
