import type { CliCommand } from '../context.js';
import { distributionCommand } from './distribution.js';
import { explainCommand } from './explain.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';

/** Every `ramp` command, in help order. A new command is a new file plus one line here. */
export const commands: readonly CliCommand[] = [
  serveCommand,
  distributionCommand,
  explainCommand,
  statusCommand,
];
