import { sqliteTestDatabase } from '../testing/databases.js';
import { describeStoreContract } from '../testing/store-contract.js';

describeStoreContract('SQLite', sqliteTestDatabase);
