// The scenario suite over real SSH to the in-process fleet, both flavours: the same transcripts, the same
// bytes as the emulator run directly. Half the hosts run recognised calls in-process, the other half
// get each command wrapped so it must go through /bin/sh and the bundled fake, proving both paths agree.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startFakeFleet } from '../../../src/fake/fleet/fleet.js';
import type { FakeFleet } from '../../../src/fake/fleet/fleet.js';
import { sshStateDirTarget } from '../../support/fleet-target.js';
import { requireBuild } from '../../support/paths.js';
import { describeTranscripts } from '../../support/run-transcripts.js';
import type { ScenarioTarget } from '../../support/targets.js';

const fleets: FakeFleet[] = [];
const targets: Record<string, ScenarioTarget & { close(): void }> = {};

beforeAll(async () => {
  requireBuild();
  for (const flavour of ['zarafa', 'kopano'] as const) {
    const fleet = await startFakeFleet({
      hosts: 2,
      dir: mkdtempSync(join(tmpdir(), `zfleet-fleet-${flavour}-`)),
      flavour,
    });
    fleets.push(fleet);
    for (const [i, host] of fleet.hosts.entries()) {
      const endpoint = {
        host: host.address,
        port: host.port,
        user: fleet.user,
        privateKeyPath: fleet.clientKeyPath,
        hostPublicKey: host.hostPublicKey,
      };
      const target = await sshStateDirTarget(`${flavour}-${i}`, endpoint, host.stateDir);
      targets[`${flavour}-${i === 0 ? 'in-process' : 'shell'}`] =
        i === 0
          ? target
          : { ...target, run: (command, stdin) => target.run(`if true; then ${command}; fi`, stdin) };
    }
  }
});

afterAll(async () => {
  for (const t of Object.values(targets)) t.close();
  await Promise.all(fleets.map((f) => f.stop()));
});

for (const flavour of ['zarafa', 'kopano'] as const) {
  describeTranscripts(flavour, () => targets[`${flavour}-in-process`] as ScenarioTarget, {
    label: 'in-process fleet, in-process path',
  });
  describeTranscripts(flavour, () => targets[`${flavour}-shell`] as ScenarioTarget, {
    label: 'in-process fleet, shell path',
  });
}
