// Build: tsc for the library and CLI (dist/), plus one self-contained bundle of the fake zarafa-admin
// for Node 18+, which the sshd harness and the Docker image run.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
await build({
  entryPoints: ['src/fake/main.ts'],
  outfile: 'dist/fake-zarafa-admin.cjs',
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
