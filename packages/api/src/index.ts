export * from './errors.js';
export * from './flags.js';
export * from './feed.js';
export * from './audit.js';
export * from './tokens.js';
export * from './evaluate.js';
export * from './health.js';
export * from './client.js';
