import type { OutputStream } from '../context.js';

/** Reports how far a long run has got. */
export interface Progress {
  /** Records that `done` of the total are finished; redraws at most every `intervalMs`. */
  update(done: number): void;
  /** Clears the bar so later output starts on a clean line. */
  finish(): void;
}

export interface ProgressBarOptions {
  readonly stream: OutputStream;
  readonly total: number;
  readonly now: () => number;
  /** Minimum time between redraws (default 100 ms, so at most ~10 a second). */
  readonly intervalMs?: number;
  /** Characters in the bar itself (default 30). */
  readonly width?: number;
}

/** A progress that draws nothing, for pipes, files and short runs. */
export const silentProgress: Progress = { update: () => undefined, finish: () => undefined };

/**
 * A one-line progress bar redrawn in place with `\r`. Meant for a terminal: pick
 * {@link silentProgress} when the stream is not one.
 *
 * @example
 * const bar = createProgressBar({ stream: process.stderr, total: 1e6, now: Date.now });
 * bar.update(250_000); // [#######.......................]  25% 250000/1000000
 * bar.finish();
 */
export function createProgressBar(options: ProgressBarOptions): Progress {
  const { stream, total, now } = options;
  const intervalMs = options.intervalMs ?? 100;
  const width = options.width ?? 30;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done) {
      const time = now();
      if (time - lastDraw < intervalMs) return;
      lastDraw = time;
      drawn = true;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(ratio * width);
      const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
      const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
      stream.write(`\r[${bar}] ${percent} ${done}/${total}`);
    },
    finish() {
      // Erase the line: ESC[2K clears it, \r returns to its start.
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
