import { sqliteTestDatabase } from '../../../testing/databases.js';
import { describePlanStoreContract } from '../../../testing/plan-store-contract.js';

describePlanStoreContract('SQLite', sqliteTestDatabase);
