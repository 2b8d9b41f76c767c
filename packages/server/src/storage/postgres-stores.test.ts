import { postgresTestDatabase } from '../testing/databases.js';
import { describeStoreContract } from '../testing/store-contract.js';

describeStoreContract('PostgreSQL', postgresTestDatabase);
