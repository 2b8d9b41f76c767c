// /proc readings for the server's process: resident memory and CPU time (Linux only).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!(ticksPerSecond > 0)) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

function statusField(pid, name) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match === null ? undefined : Number(match[1]) * 1024;
}

/** Resident set size in bytes (VmRSS). */
export const rssBytes = (pid) => statusField(pid, 'VmRSS');

/** The largest RSS the process has had since it started (VmHWM), in bytes. */
export const peakRssBytes = (pid) => statusField(pid, 'VmHWM');

/** User + system CPU time the process has used, in seconds. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3 ("state").
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / clockTicks();
}

/** Samples RSS every `intervalMs` until stop(); stop() returns the largest sample. */
export function sampleRss(pid, intervalMs = 100) {
  let max = rssBytes(pid) ?? 0;
  let samples = 1;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssBytes(pid) ?? 0);
      samples++;
    } catch {
      // the process is gone; stop() reports what was seen
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        max = Math.max(max, rssBytes(pid) ?? 0);
        samples++;
      } catch {
        // ignore
      }
      return { maxBytes: max, samples };
    },
  };
}

/** CPU time used by `pid` over a phase, as cores busy (1.0 = one core all the time). */
export function cpuMeter(pid) {
  const start = { wall: performance.now(), cpu: cpuSeconds(pid), own: process.cpuUsage() };
  return {
    stop() {
      const wallSeconds = (performance.now() - start.wall) / 1000;
      const own = process.cpuUsage(start.own);
      return {
        wallSeconds,
        serverCores: (cpuSeconds(pid) - start.cpu) / wallSeconds,
        loadGeneratorCores: (own.user + own.system) / 1e6 / wallSeconds,
      };
    },
  };
}
