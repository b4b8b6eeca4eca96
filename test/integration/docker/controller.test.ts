// The controller image (docker/controller.Dockerfile) as a scheduler would run it: one container per
// shard, `zfleet apply --shard K/2` against fake hosts in Docker. Every host must be applied to by
// exactly one shard. CI builds the image (ZFLEET_CONTROLLER_IMAGE); elsewhere this skips visibly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadOrCreateKeyPair } from '../../../src/fake/fleet/keys.js';
import { writeFleetFiles } from '../../../src/fake/fleet/fleet-files.js';
import { startFakeZarafaHost } from '../../../src/testing/fake-host-container.js';
import type { FakeZarafaHost } from '../../../src/testing/fake-host-container.js';
import { dockerImageAvailable, fakeHostImage } from '../../support/docker.js';
import { describeWith } from '../../support/requirements.js';

const controllerImage = process.env['ZFLEET_CONTROLLER_IMAGE'] ?? 'zfleet/controller:latest';
const hostImage = fakeHostImage();

describeWith(
  `Docker with the images ${controllerImage} and ${hostImage} (see README)`,
  dockerImageAvailable(controllerImage) && dockerImageAvailable(hostImage),
  'controller image, one container per shard',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'zfleet-controller-'));
    const hosts: FakeZarafaHost[] = [];
    let inventoryPath = '';

    beforeAll(async () => {
      const key = loadOrCreateKeyPair(join(dir, 'id_ed25519'), 'zfleet-controller-test');
      for (let i = 0; i < 3; i++)
        hosts.push(await startFakeZarafaHost({ authorizedKeys: key.publicKey, image: hostImage }));
      inventoryPath = writeFleetFiles(
        dir,
        hosts.map((h, i) => ({
          name: `mail0${i + 1}`,
          address: h.host,
          port: h.port,
          hostPublicKey: h.hostPublicKey,
        })),
        {
          user: 'root',
          clientKeyPath: join(dir, 'id_ed25519'),
          flavour: 'zarafa',
          group: 'docker_zarafa',
          comment: 'Fake Zarafa hosts in Docker, for the controller image test.',
        },
      ).inventoryPath;
      writeFileSync(
        join(dir, 'desired.yaml'),
        'version: 1\npolicy: {emailDomain: example.org}\nusers:\n  - {name: kim, fullname: Kim Shard, password: {env: PW}}\n',
      );
    }, 180_000);

    afterAll(async () => {
      await Promise.all(hosts.map((h) => h.stop()));
    });

    // The host network reaches the fake hosts' ports published on loopback; the directory with the
    // inventory, key and journal is mounted at the same path. The password comes through the
    // environment (-e PW, value from this process's env), never argv.
    const controller = (...args: string[]) =>
      execa(
        'docker',
        [
          'run',
          '--rm',
          '--network',
          'host',
          '-e',
          'PW',
          '-e',
          'NO_COLOR=1',
          '-v',
          `${dir}:${dir}`,
          controllerImage,
          ...args,
        ],
        { env: { PW: 'shard-test-pw' }, reject: false, timeout: 120_000 },
      );

    it('runs the CLI', async () => {
      const r = await controller('--version');
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.exitCode).toBe(0);
    });

    it('applies each host from exactly one shard', async () => {
      const counts: number[] = [];
      for (const k of [1, 2]) {
        const r = await controller(
          'apply',
          '-i',
          inventoryPath,
          '-d',
          join(dir, 'desired.yaml'),
          '--journal',
          join(dir, `journal-${k}.sqlite`),
          '--shard',
          `${k}/2`,
          '--yes',
        );
        expect(r.exitCode).toBe(0);
        // With three hosts a shard may hold none: that job says so and exits 0.
        if (r.stderr.includes('holds none of the 3 selected hosts')) {
          counts.push(0);
          continue;
        }
        expect(r.stderr).toBe('');
        const summary = /\d+ hosts: ok=0 changed=(\d+) failed=0 unreachable=0/.exec(r.stdout);
        expect(summary, r.stdout).not.toBeNull();
        counts.push(Number(summary?.[1]));
      }
      expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
      for (const h of hosts) {
        const list = await h.shell('zarafa-admin -l');
        expect(list.stdout).toContain('kim');
      }
    }, 300_000);
  },
);
