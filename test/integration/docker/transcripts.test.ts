// The scenario suite against the Docker image through testcontainers (one container per flavour... the
// image holds both binaries, so one container serves both flavours' transcripts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadOrCreateKeyPair } from '../../../src/fake/fleet/keys.js';
import { startFakeZarafaHost } from '../../../src/testing/fake-host-container.js';
import type { FakeZarafaHost } from '../../../src/testing/fake-host-container.js';
import { dockerImageAvailable, fakeHostImage } from '../../support/docker.js';
import { describeWith } from '../../support/requirements.js';
import { describeTranscripts } from '../../support/run-transcripts.js';
import { openSsh } from '../../support/ssh-exec.js';
import type { SshSession } from '../../support/ssh-exec.js';
import type { ScenarioTarget } from '../../support/targets.js';

const image = fakeHostImage();

describeWith(
  `Docker with the image ${image} (see README)`,
  dockerImageAvailable(image),
  'fake host in Docker',
  () => {
    let container: FakeZarafaHost | undefined;
    let session: SshSession | undefined;
    let target: ScenarioTarget | undefined;

    beforeAll(async () => {
      const keyPath = join(mkdtempSync(join(tmpdir(), 'zfleet-docker-')), 'id_ed25519');
      const key = loadOrCreateKeyPair(keyPath, 'zfleet-docker-test');
      container = await startFakeZarafaHost({ authorizedKeys: key.publicKey, image });
      const c = container;
      session = await openSsh({
        host: c.host,
        port: c.port,
        user: c.user,
        privateKeyPath: keyPath,
        hostPublicKey: c.hostPublicKey,
      });
      const s = session;
      target = {
        name: 'docker',
        reset: () => c.reset(),
        setFaults: (f) => c.setFaults(f as never),
        setServer: (v) => c.setServer(v as never),
        run: (command, stdin) => s.exec(command, stdin),
      };
    });

    afterAll(async () => {
      session?.close();
      await container?.stop();
    });

    describeTranscripts('zarafa', () => target as ScenarioTarget, { label: 'Docker' });
    describeTranscripts('kopano', () => target as ScenarioTarget, { label: 'Docker' });
  },
);
