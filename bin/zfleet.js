#!/usr/bin/env node
// zfleet: see README.md. The CLI is one bundled file, dist/zfleet.cjs (built by `npm ci` through
// `prepare`), loaded with V8's code cache: loading ~600 separate modules cost more CPU than a
// fan-out over 50 hosts (README "Performance").
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { loadBundle } = createRequire(import.meta.url)('./load-bundle.cjs');
const { main } = loadBundle(fileURLToPath(new URL('../dist/zfleet.cjs', import.meta.url)), {
  // Set by scripts/build.mjs only, to write the cache after one run.
  writeCache: process.env.ZFLEET_WRITE_CODE_CACHE === '1',
});

// A reader that stops early (zfleet runs | head) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
await main(process.argv.slice(2));
