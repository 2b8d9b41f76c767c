import { postgresTestDatabase } from '../../../testing/databases.js';
import { describePlanStoreContract } from '../../../testing/plan-store-contract.js';

describePlanStoreContract('PostgreSQL', postgresTestDatabase);
