// The emulator's transcripts as parser fixtures: the captured output of a step, found by its command.
import { join } from 'node:path';
import { readTranscript } from './transcript.js';
import { TRANSCRIPT_DIR } from './run-transcripts.js';

export function stepOutput(
  flavour: 'zarafa' | 'kopano',
  file: string,
  command: string,
  nth = 0,
): { stdout: string; stderr: string; exitCode: number } {
  const t = readTranscript(join(TRANSCRIPT_DIR, flavour, file));
  const binary = flavour === 'zarafa' ? 'zarafa-admin' : 'kopano-admin';
  const matches = t.steps.filter((s) => s.command === `${binary} ${command}`);
  const step = matches[nth];
  if (!step) throw new Error(`${flavour}/${file}: no step "${binary} ${command}" (#${nth})`);
  return step.expected;
}
