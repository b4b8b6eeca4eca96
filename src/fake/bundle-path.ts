// Finds the bundled fake zarafa-admin (dist/fake-zarafa-admin.cjs) from compiled code or from sources.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function fakeBundlePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, '..', 'fake-zarafa-admin.cjs'),
    join(here, '..', '..', 'dist', 'fake-zarafa-admin.cjs'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `the fake zarafa-admin bundle is not built (looked for ${candidates.join(', ')}); run npm run build`,
    );
  return found;
}
