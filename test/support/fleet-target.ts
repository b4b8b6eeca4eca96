// Transcripts over SSH to a fake host whose state directory this process can reach (the in-process
// fleet and the sshd harness): state is reset and faults are set through the files themselves.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultsInput } from '../../src/fake/host/faults.js';
import type { StateDir } from '../../src/fake/host/state-dir.js';
import type { ServerSettings } from '../../src/fake/host/state-dir.js';
import { openSsh } from './ssh-exec.js';
import type { SshEndpoint, SshSession } from './ssh-exec.js';
import type { ScenarioTarget } from './targets.js';

export async function sshStateDirTarget(
  name: string,
  endpoint: SshEndpoint,
  stateDir: StateDir,
): Promise<ScenarioTarget & { close(): void }> {
  const session: SshSession = await openSsh(endpoint);
  return {
    name,
    async reset() {
      for (const f of ['state.json', 'faults.json', 'server.json', 'invocations.log']) {
        rmSync(join(stateDir.dir, f), { force: true });
      }
    },
    async setFaults(faults) {
      stateDir.writeFaults(faults as FaultsInput);
    },
    async setServer(settings) {
      stateDir.writeServer(settings as ServerSettings);
    },
    run: (command, stdin) => session.exec(command, stdin),
    close: () => session.close(),
  };
}
