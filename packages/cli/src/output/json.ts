import type { OutputStream } from '../context.js';

/** Writes a value as indented JSON with a final newline: the `--json` output of every command. */
export function writeJson(stream: OutputStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
