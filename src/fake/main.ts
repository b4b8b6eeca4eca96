// The fake zarafa-admin / kopano-admin executable: state from ZARAFA_STATE, flavour from ZARAFA_FLAVOUR
// or the name it was called by. Bundled for Node 18+ so the same file runs inside the Docker image.
import { basename } from 'node:path';
import { pickFlavour } from './emulator/flavour.js';
import { lineReader } from './line-reader.js';
import { runOnHost } from './host/run-on-host.js';
import { StateDir } from './host/state-dir.js';

async function main(): Promise<number> {
  const argv0 = basename(process.env['ZFLEET_FAKE_ARGV0'] ?? process.argv[1] ?? 'zarafa-admin');
  const flavour = pickFlavour(process.env['ZARAFA_FLAVOUR'], argv0);
  const dir = process.env['ZARAFA_STATE'];
  if (!dir) {
    process.stderr.write(
      `${flavour.binary} (zfleet fake): ZARAFA_STATE is not set; it must name the host's state directory\n`,
    );
    return 1;
  }
  const stdin = lineReader(process.stdin);
  // A hanging fault must keep the process alive until it is killed, as a hung real command would.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    const result = await runOnHost(new StateDir(dir), {
      argv: process.argv.slice(2),
      env: process.env,
      flavour,
      readLine: stdin,
    });
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.exitCode;
  } finally {
    clearInterval(keepAlive);
    process.stdin.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `zarafa-admin (zfleet fake): internal error: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
