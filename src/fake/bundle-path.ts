// Finds the fake zarafa-admin wherever this code runs from: the bundle (dist/fake-zarafa-admin.cjs,
// what the Docker image runs) and its launcher (bin/fake-zarafa-admin, the bundle with V8's code cache).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';

export function fakeBundlePath(): string {
  const path = join(packageRoot(), 'dist', 'fake-zarafa-admin.cjs');
  if (!existsSync(path))
    throw new Error(`the fake zarafa-admin bundle is not built (looked for ${path}); run npm run build`);
  return path;
}

/** What a fake host's PATH entry execs: the launcher, once the bundle it loads is known to exist. */
export function fakeLauncherPath(): string {
  fakeBundlePath();
  return join(packageRoot(), 'bin', 'fake-zarafa-admin');
}
