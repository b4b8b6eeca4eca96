// A batch on the in-process fleet: recognised and run without a shell, with the same bytes, exit
// status and state as the same script through /bin/sh on the same kind of host.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { runBatch } from '../../../src/run/batch.js';
import { buildBatchScript } from '../../../src/zarafa/batch.js';
import * as build from '../../../src/zarafa/builders.js';
import { fleetSettings, testTransport } from '../../support/fleet-settings.js';
import { openSsh } from '../../support/ssh-exec.js';
import { requireBuild } from '../../support/paths.js';

let fleet: FakeFleet;
beforeAll(async () => {
  requireBuild();
  fleet = await startFakeFleet({ hosts: 2, dir: mkdtempSync(join(tmpdir(), 'zfleet-batch-')) });
});
afterAll(async () => fleet.stop());

const calls = () => [
  build.createGroup('sales'),
  build.createUser({
    name: "o'brien",
    fullname: 'Miles $(id)',
    email: 'm@x',
    password: new Secret("p'w $x"),
    active: true,
  }),
  build.createUser({ name: 'shared', fullname: 'Shared', email: 's@x', active: false }),
  build.addMember("o'brien", 'sales'),
  build.addMember('nobody', 'sales'),
  build.userDetails("o'brien"),
  build.listUsers(),
];

describe('batches on the in-process fleet', () => {
  it('gives the same bytes in-process as through /bin/sh, stopping where asked', async () => {
    const outputs: { stdout: string; stderr: string; exitCode: number }[] = [];
    for (const [i, shell] of [
      [0, 'sh -s'],
      [1, '/bin/sh -s'],
    ] as const) {
      const h = fleet.hosts[i];
      if (!h) throw new Error('host');
      const session = await openSsh({
        host: h.address,
        port: h.port,
        user: 'root',
        privateKeyPath: fleet.clientKeyPath,
        hostPublicKey: h.hostPublicKey,
      });
      const { script } = buildBatchScript(calls(), {
        adminPath: 'zarafa-admin',
        become: false,
        stopOnFailure: true,
        token: 'feedc0defeedc0de',
      });
      const r = await session.exec(`timeout -k 3 60 ${shell}`, script);
      session.close();
      outputs.push({ ...r, stdout: r.stdout, stderr: r.stderr });
    }
    expect(outputs[0]).toEqual(outputs[1]);
    expect([fleet.hosts[0]?.stats.shellExecs, fleet.hosts[1]?.stats.shellExecs]).toEqual([0, 1]);
    expect([fleet.hosts[0]?.stats.adminCalls, fleet.hosts[1]?.stats.adminCalls]).toEqual([calls().length, 0]);
    expect(outputs[0]?.stdout).toContain('ZFLEET:feedc0defeedc0de:4:1\n');
    expect(outputs[0]?.stdout).not.toContain('ZFLEET:feedc0defeedc0de:5:');
    expect(fleet.hosts[0]?.stateDir.readState()).toEqual(fleet.hosts[1]?.stateDir.readState());
    expect(fleet.hosts[0]?.stateDir.readInvocations().map((r) => r.argv)).toEqual(
      fleet.hosts[1]?.stateDir.readInvocations().map((r) => r.argv),
    );
  });

  it('reports each call apart through runBatch, keeping going when asked', async () => {
    const host = fleetSettings(fleet, 'mail01')[0];
    if (!host) throw new Error('host');
    const transport = testTransport();
    const seen: number[] = [];
    const run = await runBatch(
      await transport.open(host),
      host,
      [build.listGroups(), build.deleteUser('ghost'), build.listGroups()],
      {
        stopOnFailure: false,
        onResult: (r) => seen.push(r.index),
      },
    );
    await transport.close();
    expect(run.error).toBeNull();
    expect(seen).toEqual([0, 1, 2]);
    expect(run.results.map((r) => r?.exitCode)).toEqual([0, 1, 0]);
    expect(run.results[1]?.stderr).toBe('Unable to delete user, ghost not found\n');
    expect(run.results[2]?.stdout).toBe(run.results[0]?.stdout);
  });
});
