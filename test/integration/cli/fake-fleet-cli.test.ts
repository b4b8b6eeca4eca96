// `zfleet fake-fleet` as a user starts it: 1000 hosts on this machine, reached with OpenSSH's own client,
// and a clean stop on SIGTERM.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO, requireBuild } from '../../support/paths.js';

function startFleet(hosts: number, dir: string) {
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin', 'zfleet.js'), 'fake-fleet', '--hosts', String(hosts), '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<number>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (/^ready /m.test(out)) {
        clearInterval(timer);
        resolve(Date.now() - started);
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`fake-fleet exited ${code}: ${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

describe('zfleet fake-fleet', () => {
  it(
    'holds 1000 hosts, each reachable with the OpenSSH client, and stops cleanly on SIGTERM',
    { timeout: 120_000 },
    async () => {
      requireBuild();
      const dir = mkdtempSync(join(tmpdir(), 'zfleet-1000-'));
      const fleet = startFleet(1000, dir);
      const ms = await fleet.ready;
      console.log(`1000 fake hosts ready in ${ms} ms`);
      const inventory = parse(readFileSync(join(dir, 'inventory.yaml'), 'utf8')) as {
        all: { children: { fake_zarafa: { hosts: Record<string, { ansible_port: number }> } } };
      };
      const hosts = inventory.all.children.fake_zarafa.hosts;
      expect(Object.keys(hosts)).toHaveLength(1000);
      for (const name of ['mail0001', 'mail0777', 'mail1000']) {
        const port = hosts[name]?.ansible_port;
        const out = execFileSync('ssh', [
          '-i',
          join(dir, 'id_ed25519'),
          '-o',
          `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          'BatchMode=yes',
          '-o',
          'KexAlgorithms=curve25519-sha256',
          '-p',
          String(port),
          'root@127.0.0.1',
          'zarafa-admin -l',
        ]).toString();
        expect(out).toContain('User list for Default(1):');
      }
      fleet.child.kill('SIGTERM');
      expect(await fleet.exited).toBe(0);
      expect(fleet.output()).toMatch(/^stopped$/m);
    },
  );
});
