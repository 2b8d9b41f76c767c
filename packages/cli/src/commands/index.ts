import type { CliCommand } from '../context.js';
import { auditCommand } from './audit.js';
import { backupCommand } from './backup.js';
import { completionCommand } from './completion.js';
import { distributionCommand } from './distribution.js';
import { explainCommand } from './explain.js';
import { flagsCommand } from './flags.js';
import { killAllCommand } from './kill-all.js';
import { planCommand } from './plan.js';
import { restoreCommand } from './restore.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { tokenCommand } from './token.js';

/** Every `ramp` command, in help order. A new command is a new file plus one line here. */
export const commands: readonly CliCommand[] = [
  serveCommand,
  backupCommand,
  restoreCommand,
  distributionCommand,
  explainCommand,
  statusCommand,
  flagsCommand,
  killAllCommand,
  planCommand,
  auditCommand,
  tokenCommand,
  completionCommand,
];
