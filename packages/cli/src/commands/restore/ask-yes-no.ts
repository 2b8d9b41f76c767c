import { createInterface } from 'node:readline';
import type { OutputStream } from '../../context.js';

/**
 * Writes `question` and reads one line: true only for `y` or `yes` (any case). The end of
 * the input without an answer is a no.
 *
 * @example
 * if (!(await askYesNo('Replace ramp.db? [y/N] ', { input: process.stdin, output: process.stderr }))) return;
 */
export async function askYesNo(
  question: string,
  streams: { readonly input: NodeJS.ReadableStream; readonly output: OutputStream },
): Promise<boolean> {
  streams.output.write(question);
  const lines = createInterface({ input: streams.input, terminal: false });
  try {
    for await (const line of lines) return /^y(es)?$/i.test(line.trim());
    return false;
  } finally {
    lines.close();
  }
}
