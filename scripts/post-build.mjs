// The SDK is compiled twice (ESM and CommonJS) so that `require('@ramp/sdk')` works in
// existing CommonJS apps. Node decides a .js file's format from the nearest package.json,
// so the CommonJS output gets one of its own.
import { writeFileSync } from 'node:fs';

writeFileSync(
  new URL('../packages/sdk/dist/cjs/package.json', import.meta.url),
  JSON.stringify({ type: 'commonjs' }) + '\n',
);
