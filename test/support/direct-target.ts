// Runs transcript commands through the emulator in this process, no SSH and no shell.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pickFlavour } from '../../src/fake/emulator/flavour.js';
import { runOnHost } from '../../src/fake/host/run-on-host.js';
import { StateDir } from '../../src/fake/host/state-dir.js';
import type { FaultsInput } from '../../src/fake/host/faults.js';
import type { ServerSettings } from '../../src/fake/host/state-dir.js';
import { parseSimpleCommand } from '../../src/fake/shell-words.js';
import type { ScenarioTarget } from './targets.js';

export function linesOf(text: string): () => Promise<string | null> {
  const lines = text.split('\n');
  const complete = text.endsWith('\n') ? lines.slice(0, -1) : lines;
  return async () => complete.shift() ?? null;
}

export function directTarget(): ScenarioTarget & { dir: () => string; cleanup(): void } {
  let dir = mkdtempSync(join(tmpdir(), 'zfleet-direct-'));
  return {
    name: 'emulator',
    dir: () => dir,
    async reset() {
      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync(join(tmpdir(), 'zfleet-direct-'));
    },
    async setFaults(faults) {
      new StateDir(dir).writeFaults(faults as FaultsInput);
    },
    async setServer(settings) {
      new StateDir(dir).writeServer(settings as ServerSettings);
    },
    async run(command, stdin) {
      const parsed = parseSimpleCommand(command);
      if (!parsed) throw new Error(`not a simple command: ${command}`);
      const [argv0, ...argv] = parsed.argv as [string, ...string[]];
      const result = await runOnHost(new StateDir(dir), {
        argv,
        env: parsed.env,
        flavour: pickFlavour(undefined, argv0),
        readLine: linesOf(stdin),
      });
      return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
