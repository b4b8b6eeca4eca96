// Transcript files: the scenario suite's fixtures. One file is a fresh host and a list of steps:
//   $ zarafa-admin -c alice ...   the command, as a shell would get it over SSH
//   < text                        a line of stdin
//   @faults {...} / @server {...} settings applied to the host before the next command
//   1|text  2|text                a line of stdout / stderr ("1~" / "2~": without a final newline)
//   ? N                           the exit code
// Lines starting with "#" and blank lines between steps are comments.
import { readFileSync, writeFileSync } from 'node:fs';

export interface Step {
  command: string;
  stdin: string;
  faults: unknown;
  server: unknown;
  expected: { stdout: string; stderr: string; exitCode: number };
}

export interface Transcript {
  readonly path: string;
  readonly header: string[];
  readonly steps: Step[];
}

export interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export function readTranscript(path: string): Transcript {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header: string[] = [];
  const steps: Step[] = [];
  let pending: { faults: unknown; server: unknown } = { faults: undefined, server: undefined };
  let current: Step | null = null;
  lines.forEach((line, index) => {
    const where = `${path}:${index + 1}`;
    if (line.startsWith('$ ')) {
      current = {
        command: line.slice(2),
        stdin: '',
        ...pending,
        expected: { stdout: '', stderr: '', exitCode: -1 },
      };
      pending = { faults: undefined, server: undefined };
      steps.push(current);
      return;
    }
    if (line.startsWith('@faults ')) return void (pending.faults = JSON.parse(line.slice(8)));
    if (line.startsWith('@server ')) return void (pending.server = JSON.parse(line.slice(8)));
    if (current === null) {
      if (line.startsWith('#') || line === '') return void header.push(line);
      throw new Error(`${where}: expected "$ command" before "${line}"`);
    }
    const step: Step = current;
    const tag = line.slice(0, 2);
    const text = line.slice(2);
    if (tag === '< ' || line === '<') step.stdin += text + '\n';
    else if (tag === '1|') step.expected.stdout += text + '\n';
    else if (tag === '1~') step.expected.stdout += text;
    else if (tag === '2|') step.expected.stderr += text + '\n';
    else if (tag === '2~') step.expected.stderr += text;
    else if (tag === '? ') step.expected.exitCode = Number(text);
    else if (line === '' || line.startsWith('#')) return;
    else throw new Error(`${where}: cannot read "${line}"`);
  });
  return { path, header, steps };
}

function streamLines(tag: '1' | '2', text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop() as string;
  const out = parts.map((p) => `${tag}|${p}`);
  if (last !== '') out.push(`${tag}~${last}`);
  return out;
}

/** Writes a transcript back with the outcomes actually observed (fixture update mode). */
export function writeTranscript(t: Transcript, outcomes: readonly Outcome[]): void {
  const out: string[] = [...t.header];
  t.steps.forEach((step, i) => {
    const got = outcomes[i] as Outcome;
    if (step.faults !== undefined) out.push(`@faults ${JSON.stringify(step.faults)}`);
    if (step.server !== undefined) out.push(`@server ${JSON.stringify(step.server)}`);
    out.push(`$ ${step.command}`);
    for (const l of step.stdin.split('\n').slice(0, -1)) out.push(l === '' ? '<' : `< ${l}`);
    out.push(...streamLines('1', got.stdout), ...streamLines('2', got.stderr), `? ${got.exitCode}`);
  });
  writeFileSync(t.path, out.join('\n') + '\n');
}
