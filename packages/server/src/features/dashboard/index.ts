export { registerDashboard, type DashboardOptions } from './dashboard-routes.js';
export { defaultDashboardDir } from './dashboard-dir.js';
