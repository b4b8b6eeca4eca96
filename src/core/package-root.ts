// The zfleet package's own directory, found by walking up from this file. The same code runs from
// src/ (tests), dist/ (tsc output) and the one-file CLI bundle dist/zfleet.cjs, each at a different
// depth, so no fixed number of "..".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

function find(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'zfleet') return { root: dir, version: pkg.version ?? 'unknown' };
    }
    const up = dirname(dir);
    if (up === dir)
      throw new Error('cannot find the zfleet package directory (no package.json named zfleet above)');
    dir = up;
  }
}

export function packageRoot(): string {
  cached ??= find();
  return cached.root;
}

export function packageVersion(): string {
  cached ??= find();
  return cached.version;
}
