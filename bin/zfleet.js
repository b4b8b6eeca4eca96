#!/usr/bin/env node
// zfleet: see README.md. The compiled CLI lives in dist/ (built by `npm ci` through `prepare`).
import { main } from '../dist/cli/main.js';

await main(process.argv.slice(2));
