import { postgresTestDatabase } from '../testing/databases.js';
import { httpFuzzSuite } from '../testing/http-fuzz-suite.js';

// Fewer runs: the same requests as on SQLite, for what PostgreSQL refuses and SQLite does not
// (NUL in text, 32-bit integers, index row sizes).
httpFuzzSuite('PostgreSQL', { database: postgresTestDatabase, runs: 12, unauthenticatedRuns: 3 });
