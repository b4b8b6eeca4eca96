// Runs every transcript of a flavour against one target and compares full stdout, stderr and exit code.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioTarget } from './targets.js';
import { readTranscript, writeTranscript } from './transcript.js';
import type { Outcome } from './transcript.js';

export const TRANSCRIPT_DIR = join(import.meta.dirname, '..', 'fixtures', 'transcripts');

export function transcriptFiles(flavour: 'zarafa' | 'kopano'): string[] {
  const dir = join(TRANSCRIPT_DIR, flavour);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.t'))
    .sort()
    .map((f) => join(dir, f));
}

export async function runTranscript(path: string, target: ScenarioTarget): Promise<{ outcomes: Outcome[] }> {
  const t = readTranscript(path);
  await target.reset();
  const outcomes: Outcome[] = [];
  for (const step of t.steps) {
    if (step.server !== undefined) await target.setServer(step.server);
    if (step.faults !== undefined) await target.setFaults(step.faults);
    outcomes.push(await target.run(step.command, step.stdin));
  }
  return { outcomes };
}

/** Declares one test per transcript; with ZFLEET_UPDATE_FIXTURES=1 it rewrites them instead. */
export function describeTranscripts(
  flavour: 'zarafa' | 'kopano',
  target: () => ScenarioTarget,
  options: { update?: boolean; label?: string } = {},
): void {
  describe(`${flavour} transcripts${options.label ? ` (${options.label})` : ''}`, () => {
    for (const path of transcriptFiles(flavour)) {
      const name = path.split('/').at(-1) as string;
      it(name, async () => {
        const t = readTranscript(path);
        const { outcomes } = await runTranscript(path, target());
        if (options.update) {
          writeTranscript(t, outcomes);
          return;
        }
        t.steps.forEach((step, i) => {
          const got = outcomes[i] as Outcome;
          expect({ command: step.command, ...got }).toEqual({ command: step.command, ...step.expected });
        });
      });
    }
  });
}
