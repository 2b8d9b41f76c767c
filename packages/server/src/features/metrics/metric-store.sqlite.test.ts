import { sqliteTestDatabase } from '../../testing/databases.js';
import { describeMetricStoreContract } from '../../testing/metric-store-contract.js';

describeMetricStoreContract('SQLite', sqliteTestDatabase);
