// Finds the bundled fake zarafa-admin (dist/fake-zarafa-admin.cjs) wherever this code runs from.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';

export function fakeBundlePath(): string {
  const path = join(packageRoot(), 'dist', 'fake-zarafa-admin.cjs');
  if (!existsSync(path))
    throw new Error(`the fake zarafa-admin bundle is not built (looked for ${path}); run npm run build`);
  return path;
}
