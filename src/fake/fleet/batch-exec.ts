// zfleet's batch scripts (src/zarafa/batch.ts) recognised by the in-process fleet and run without a
// shell: the same bytes out (each call's output, then its marker on both streams), the same exit
// status; the whole batch is one transaction on the host's state (one lock, one write).
import type { ServerChannel } from 'ssh2';
import { BATCH_HEADER, MARK_FUNCTION } from '../../zarafa/batch.js';
import type { Flavour } from '../emulator/flavour.js';
import { runOnHost } from '../host/run-on-host.js';
import type { StateDir } from '../host/state-dir.js';
import { tokenizeShellLine } from '../shell-words.js';
import type { ShellToken } from '../shell-words.js';

export interface BatchCall {
  readonly argv: string[];
  /** The lines printf feeds to -P, or null for </dev/null. */
  readonly stdinLines: string[] | null;
  readonly stopOnFailure: boolean;
}

export interface ParsedBatch {
  readonly token: string;
  readonly calls: BatchCall[];
}

const isWord = (t: ShellToken | undefined, w?: string): t is { word: string } =>
  t !== undefined && 'word' in t && (w === undefined || t.word === w);
const isOp = (t: ShellToken | undefined, op: string): boolean => t !== undefined && 'op' in t && t.op === op;

function parseCallLine(line: string, index: number, binary: string): BatchCall | null {
  const t = tokenizeShellLine(line);
  if (!t) return null;
  let i = 0;
  let stdinLines: string[] | null = null;
  if (isWord(t[0], 'printf')) {
    const [, fmt, a, b, pipe] = t;
    if (!isWord(fmt, '%s\\n%s\\n') || !isWord(a) || !isWord(b) || !isOp(pipe, '|')) return null;
    stdinLines = [a.word, b.word];
    i = 5;
  }
  const words: string[] = [];
  while (isWord(t[i])) words.push((t[i++] as { word: string }).word);
  if (stdinLines === null) {
    if (!isOp(t[i], '<') || !isWord(t[i + 1], '/dev/null')) return null;
    i += 2;
  }
  if (!isOp(t[i], ';') || !isWord(t[i + 1], 'zf') || !isWord(t[i + 2], String(index))) return null;
  i += 3;
  let stopOnFailure = false;
  if (i < t.length) {
    if (!isOp(t[i], '||') || !isWord(t[i + 1], 'exit') || !isWord(t[i + 2], '0') || i + 3 !== t.length)
      return null;
    stopOnFailure = true;
  }
  if (words[0] === 'sudo' && words[1] === '-n') words.splice(0, 2);
  const [program, ...argv] = words;
  if (program === undefined || program.split('/').at(-1) !== binary) return null;
  return { argv, stdinLines, stopOnFailure };
}

export function parseBatchScript(script: string, flavour: Flavour): ParsedBatch | null {
  const lines = script.split('\n');
  const header = new RegExp(`^${BATCH_HEADER} ([0-9a-f]+)$`).exec(lines[0] ?? '');
  if (!header) return null;
  const token = header[1] as string;
  if (lines[1] !== `T=${token}` || lines[2] !== MARK_FUNCTION) return null;
  if (lines.at(-1) !== '' || lines.at(-2) !== 'exit 0') return null;
  const calls: BatchCall[] = [];
  for (const [k, line] of lines.slice(3, -2).entries()) {
    const call = parseCallLine(line, k, flavour.binary);
    if (!call) return null;
    calls.push(call);
  }
  return { token, calls };
}

export async function runBatchInProcess(
  channel: ServerChannel,
  batch: ParsedBatch,
  ctx: { stateDir: StateDir; flavour: Flavour; env: Record<string, string>; signal: AbortSignal },
): Promise<number> {
  return ctx.stateDir.transaction(async (host) => {
    for (const [i, call] of batch.calls.entries()) {
      const lines = [...(call.stdinLines ?? [])];
      const result = await runOnHost(
        host,
        { argv: call.argv, env: ctx.env, flavour: ctx.flavour, readLine: async () => lines.shift() ?? null },
        { signal: ctx.signal },
      );
      if (ctx.signal.aborted) return 124;
      const marker = `ZFLEET:${batch.token}:${i}:${result.exitCode}\n`;
      channel.write(result.stdout + marker);
      channel.stderr.write(result.stderr + marker);
      if (call.stopOnFailure && result.exitCode !== 0) break;
    }
    return 0;
  });
}
