// The scenario suite against fake hosts behind real OpenSSH sshd, both flavours.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { sshdAvailable, startSshdFleet } from '../../../src/testing/sshd-fleet.js';
import type { SshdFleet } from '../../../src/testing/sshd-fleet.js';
import { sshStateDirTarget } from '../../support/fleet-target.js';
import { requireBuild } from '../../support/paths.js';
import { describeWith } from '../../support/requirements.js';
import { describeTranscripts } from '../../support/run-transcripts.js';
import type { ScenarioTarget } from '../../support/targets.js';

describeWith('OpenSSH sshd (/usr/sbin/sshd)', sshdAvailable(), 'fake hosts behind sshd', () => {
  const fleets: SshdFleet[] = [];
  const targets: Record<string, ScenarioTarget & { close(): void }> = {};

  beforeAll(async () => {
    requireBuild();
    for (const flavour of ['zarafa', 'kopano'] as const) {
      const fleet = await startSshdFleet({
        hosts: 1,
        dir: mkdtempSync(join(tmpdir(), `zfleet-sshd-${flavour}-`)),
        flavour,
      });
      fleets.push(fleet);
      const host = fleet.hosts[0]!;
      targets[flavour] = await sshStateDirTarget(
        `sshd-${flavour}`,
        {
          host: host.address,
          port: host.port,
          user: fleet.user,
          privateKeyPath: fleet.clientKeyPath,
          hostPublicKey: host.hostPublicKey,
        },
        host.stateDir,
      );
    }
  });

  afterAll(async () => {
    for (const t of Object.values(targets)) t.close();
    await Promise.all(fleets.map((f) => f.stop()));
  });

  for (const flavour of ['zarafa', 'kopano'] as const) {
    describeTranscripts(flavour, () => targets[flavour] as ScenarioTarget, { label: 'OpenSSH sshd' });
  }
});
