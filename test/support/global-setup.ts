// One temporary directory per test run, removed when the run ends: tests make their own directories
// with mkdtemp(tmpdir()), and a full run left ~265 MB of them behind in /tmp every time. Workers inherit
// TMPDIR, which os.tmpdir() reads on every call. ZFLEET_KEEP_TEST_TMP=1 keeps it, to look inside.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'zfleet-tests-'));
  process.env['TMPDIR'] = dir;
  return () => {
    if (process.env['ZFLEET_KEEP_TEST_TMP'] === '1') console.log(`test files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
