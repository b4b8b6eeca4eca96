#!/usr/bin/env node
// zfleet: see README.md. The compiled CLI lives in dist/ (built by `npm ci` through `prepare`).
import { main } from '../dist/cli/main.js';

// A reader that stops early (zfleet runs | head) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
await main(process.argv.slice(2));
