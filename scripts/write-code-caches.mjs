// V8's code caches for both bundles (see bin/load-bundle.cjs), written at build time by one run of
// each: a cache holds the functions that ran before it was written, so the CLI's run is the common
// case, a `zfleet exec` on a two-host in-process fake fleet (inventory YAML, ssh2 client, report).
// Measured on 50 hosts: 20 ms less CPU than a cache written by `zfleet --help`. If that fleet cannot
// start here, `--help` writes the CLI's cache instead. The fake lists the users of a throw-away host.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'zfleet-build-'));
const env = { ...process.env, HOME: scratch, ZFLEET_WRITE_CODE_CACHE: '1', ZARAFA_STATE: scratch };

function run(launcher, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [launcher, ...args], { env, stdio: 'ignore' });
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(-1));
  });
}

async function writeCache(bundle, attempts) {
  rmSync(`${bundle}.v8cache`, { force: true });
  for (const attempt of attempts) if ((await attempt()) === 0 && existsSync(`${bundle}.v8cache`)) return;
  throw new Error(`build: no code cache was written for ${bundle}`);
}

try {
  await writeCache('dist/zfleet.cjs', [
    async () => {
      const { startFakeFleet } = await import('../dist/fake/fleet/fleet.js');
      const fleet = await startFakeFleet({ hosts: 2, dir: join(scratch, 'fleet') }).catch(() => null);
      if (!fleet) return -1;
      try {
        return await run('bin/zfleet.js', [
          'exec',
          '-i',
          fleet.inventoryPath,
          '--ssh-config',
          'none',
          '--',
          '-l',
        ]);
      } finally {
        await fleet.stop();
      }
    },
    () => run('bin/zfleet.js', ['--help']),
  ]);
  await writeCache('dist/fake-zarafa-admin.cjs', [() => run('bin/fake-zarafa-admin', ['-l'])]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
