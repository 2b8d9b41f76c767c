export { startServer, type RunningServer, type StartServerOptions } from './start-server.js';
export { loadConfig, type ServerConfig, type Env } from './config.js';
export { createApp, type App, type AppDeps, type RouteInfo } from './app.js';
export { openDatabase, type Database, type DatabaseTarget } from './storage/database.js';
export { migrateToLatest } from './storage/migrations/index.js';
export { systemClock, type Clock } from './clock.js';
export type { LogLevel } from './http/logging.js';
export {
  registerDashboard,
  defaultDashboardDir,
  type DashboardOptions,
} from './features/dashboard/index.js';
export * as rollouts from './features/rollouts/index.js';
