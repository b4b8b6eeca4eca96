#!/usr/bin/env node
// zfleet: see README.md. The CLI is one bundled file, dist/zfleet.cjs (built by `npm ci` through
// `prepare`), because loading ~600 separate modules cost more CPU than a fan-out over 50 hosts.
import { createRequire } from 'node:module';

const { main } = createRequire(import.meta.url)('../dist/zfleet.cjs');

// A reader that stops early (zfleet runs | head) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
await main(process.argv.slice(2));
