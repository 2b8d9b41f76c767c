export { main, createProgram } from './main.js';
export { loadConfig, type CliConfig } from './config.js';
export type { CliCommand, CliIo, CommandContext, OutputStream } from './context.js';
export { measureDistribution, type Distribution } from './commands/distribution.js';
export { explainSession, type Explanation } from './commands/explain.js';
