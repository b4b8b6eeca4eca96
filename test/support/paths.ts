// Where the built artefacts are; tests that run them say how to build them when they are missing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
export const FAKE_BIN = join(REPO, 'bin', 'fake-zarafa-admin');
export const FAKE_BUNDLE = join(REPO, 'dist', 'fake-zarafa-admin.cjs');
export const ZFLEET_BIN = join(REPO, 'bin', 'zfleet.js');

export function requireBuild(): void {
  if (!existsSync(FAKE_BUNDLE)) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  }
}
