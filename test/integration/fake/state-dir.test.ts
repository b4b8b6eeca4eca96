// The state directory under real processes: no lost updates, corrupt state refused, passwords never logged.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateDir } from '../../../src/fake/host/state-dir.js';
import { FAKE_BIN, requireBuild } from '../../support/paths.js';

function fake(dir: string, args: string[], input?: string) {
  return execa(FAKE_BIN, args, {
    env: { ZARAFA_STATE: dir },
    extendEnv: false,
    reject: false,
    ...(input !== undefined ? { input } : {}),
  });
}

const newDir = (): string => mkdtempSync(join(tmpdir(), 'zfleet-state-'));

beforeAll(() => requireBuild());

describe('fake-zarafa-admin state directory', () => {
  it('keeps every one of 50 concurrent creates on one host', async () => {
    const dir = newDir();
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fake(dir, ['-c', `user${i}`, '-p', 'pw', '-f', `User ${i}`, '-e', `u${i}@example.org`]),
      ),
    );
    expect(runs.map((r) => r.exitCode)).toEqual(Array(50).fill(0));
    const state = new StateDir(dir).readState();
    expect(state.objects.map((o) => o.name).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `user${i}`).sort(),
    );
    expect(new Set(state.objects.map((o) => o.id)).size).toBe(50);
    const list = await fake(dir, ['-l']);
    expect(list.stdout).toContain('User list for Default(51):');
  });

  it('refuses corrupt state with a clear error and leaves the file alone', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'state.json'), '{"version":1,"nextId":');
    const r = await fake(dir, ['-l']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/state\.json is corrupt .*refusing to reset it/);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('{"version":1,"nextId":');
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({ version: 1, nextId: 3, publicStore: false, objects: [{ kind: 'user' }] }),
    );
    expect((await fake(dir, ['-l'])).stderr).toMatch(/corrupt \(objects\.0\.id: /);
  });

  it('logs argv and stdin use of every call, never the password', async () => {
    const dir = newDir();
    await fake(dir, ['-c', 'alice', '-p', 'Sentinel-Pw-1', '-f', 'A', '-e', 'a@x']);
    await fake(dir, ['-u', 'alice', '-pSentinel-Pw-2']);
    await fake(dir, ['-u', 'alice', '-P'], 'Sentinel-Pw-3\nSentinel-Pw-3\n');
    await fake(dir, ['-c', '-p', '-f', 'Dash P', '-e', 'p@x', '-n', 'yes']);
    const log = readFileSync(join(dir, 'invocations.log'), 'utf8');
    expect(log).not.toMatch(/Sentinel-Pw/);
    expect(new StateDir(dir).readInvocations().map((r) => [r.argv, r.stdinRead, r.exitCode])).toEqual([
      [['-c', 'alice', '-p', '<redacted>', '-f', 'A', '-e', 'a@x'], false, 0],
      [['-u', 'alice', '-p<redacted>'], false, 0],
      [['-u', 'alice', '-P'], true, 0],
      [['-c', '-p', '-f', 'Dash P', '-e', 'p@x', '-n', 'yes'], false, 0],
    ]);
    const state = readFileSync(join(dir, 'state.json'), 'utf8');
    expect(state).not.toMatch(/Sentinel-Pw/);
  });

  it('fails exactly N calls for failNext, even when they race', async () => {
    const dir = newDir();
    new StateDir(dir).writeFaults({ failNext: { count: 5, exitCode: 3, stderr: 'boom\n' } });
    const runs = await Promise.all(Array.from({ length: 12 }, () => fake(dir, ['-l'])));
    expect(runs.filter((r) => r.exitCode === 3)).toHaveLength(5);
    expect(runs.filter((r) => r.exitCode === 0)).toHaveLength(7);
  });

  it('hangs on the hang fault until killed', async () => {
    const dir = newDir();
    new StateDir(dir).writeFaults({ hang: true });
    const child = fake(dir, ['-l']);
    const outcome = await Promise.race([
      child.then(() => 'ended'),
      new Promise((r) => setTimeout(() => r('still running'), 700)),
    ]);
    expect(outcome).toBe('still running');
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');
  });

  it('takes its flavour from ZARAFA_FLAVOUR and needs ZARAFA_STATE', async () => {
    const dir = newDir();
    const v = await execa(FAKE_BIN, ['-V'], {
      env: { ZARAFA_STATE: dir, ZARAFA_FLAVOUR: 'kopano' },
      reject: false,
    });
    expect([v.stdout, v.exitCode]).toEqual(['kopano-admin 8.5.0', 0]);
    const missing = await execa(FAKE_BIN, ['-l'], { env: { ZARAFA_STATE: '' }, reject: false });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/ZARAFA_STATE is not set/);
  });
});
