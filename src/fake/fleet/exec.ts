// What a fake host does with an exec request: a recognised zarafa-admin call runs in this process
// (fast enough for a thousand hosts); anything else runs through /bin/sh with the fake on PATH, as a
// real host would. Both paths share runOnHost, so output, exit codes and stdin handling are the same.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { ServerChannel } from 'ssh2';
import type { Flavour } from '../emulator/flavour.js';
import { lineReader } from '../line-reader.js';
import { runOnHost } from '../host/run-on-host.js';
import type { StateDir } from '../host/state-dir.js';
import { parseSimpleCommand } from '../shell-words.js';
import { parseBatchScript, runBatchInProcess } from './batch-exec.js';

export interface ExecContext {
  readonly stateDir: StateDir;
  readonly flavour: Flavour;
  /** Directory holding the fake admin binary for /bin/sh's PATH. */
  readonly binDir: string;
  /** Environment the client sent with "env" requests. */
  readonly sessionEnv: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** Told when a command goes to a real shell (for the fleet's statistics). */
  readonly onShell?: () => void;
  /** Told how many zarafa-admin calls an exec ran in-process (for the fleet's statistics). */
  readonly onAdminCalls?: (count: number) => void;
}

export interface AdminCall {
  readonly env: Record<string, string>;
  readonly argv: string[];
  /** From a leading `timeout [-k N] SECONDS`: the call is ended (exit 124) after this long. */
  readonly timeoutMs: number | null;
}

/** GNU timeout's DURATION: a number with an optional s/m/h/d suffix. */
function durationMs(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!m) return null;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as '' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * unit;
}

interface Wrapped {
  readonly env: Record<string, string>;
  readonly words: string[];
  readonly timeoutMs: number | null;
}

/** A simple command with `exec`, `timeout [-k N] [-s SIG] DURATION` and `sudo -n` (transparent on a
 * fake host) taken off the front; null when it needs a real shell. */
function unwrap(command: string): Wrapped | null {
  const parsed = parseSimpleCommand(command);
  if (!parsed) return null;
  const words = [...parsed.argv];
  let timeoutMs: number | null = null;
  if (words[0] === 'exec') words.shift();
  if (words[0] === 'timeout') {
    words.shift();
    const isOption = (w: string | undefined): boolean => w === '-k' || w === '-s';
    while (isOption(words[0])) words.splice(0, 2);
    const ms = durationMs(words.shift() ?? '');
    if (ms === null) return null;
    timeoutMs = ms;
  }
  if (words[0] === 'sudo' && words[1] === '-n') words.splice(0, 2);
  return { env: { ...parsed.env }, words, timeoutMs };
}

/** The zarafa-admin call in a command we can run in-process, or null when a real shell is needed. */
export function recogniseAdminCall(command: string, flavour: Flavour): AdminCall | null {
  const w = unwrap(command);
  const [program, ...argv] = w?.words ?? [];
  if (!w || program === undefined || basename(program) !== flavour.binary) return null;
  return { env: w.env, argv, timeoutMs: w.timeoutMs };
}

/** `sh -s` reading a script from stdin: possibly a zfleet batch. */
function recogniseScriptOnStdin(command: string): Wrapped | null {
  const w = unwrap(command);
  return w && w.words.length === 2 && w.words[0] === 'sh' && w.words[1] === '-s' ? w : null;
}

/** GNU timeout's exit status when it had to end the command. */
const TIMED_OUT = 124;

async function runInProcess(channel: ServerChannel, call: AdminCall, ctx: ExecContext): Promise<void> {
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  ctx.signal.addEventListener('abort', stop);
  let timedOut = false;
  const timer =
    call.timeoutMs === null
      ? null
      : setTimeout(() => {
          timedOut = true;
          abort.abort();
        }, call.timeoutMs);
  try {
    const result = await runOnHost(
      ctx.stateDir,
      {
        argv: call.argv,
        env: { ...ctx.sessionEnv, ...call.env },
        flavour: ctx.flavour,
        readLine: lineReader(channel),
      },
      { signal: abort.signal },
    );
    if (ctx.signal.aborted) return;
    if (timedOut) {
      channel.exit(TIMED_OUT);
    } else {
      if (result.stdout) channel.write(result.stdout);
      if (result.stderr) channel.stderr.write(result.stderr);
      channel.exit(result.exitCode);
    }
  } catch (e) {
    channel.stderr.write(`${ctx.flavour.binary} (zfleet fake): internal error: ${(e as Error).message}\n`);
    channel.exit(1);
  } finally {
    if (timer) clearTimeout(timer);
    ctx.signal.removeEventListener('abort', stop);
  }
  channel.end();
}

/** Apply locks held on fake hosts, by state directory: flock's effect, one host at a time. */
const heldLocks = new Set<string>();

/** `flock -n -E 75 FILE sh -c 'echo READY; exec cat >/dev/null'`, zfleet's apply lock, run per host. */
function recogniseLock(command: string): string | null {
  const w = unwrap(command);
  const m = w?.words;
  if (
    !m ||
    m.length !== 8 ||
    m[0] !== 'flock' ||
    m[1] !== '-n' ||
    m[2] !== '-E' ||
    m[3] !== '75' ||
    m[5] !== 'sh' ||
    m[6] !== '-c'
  )
    return null;
  const ready = /^echo (\S+); exec cat >\/dev\/null$/.exec(m[7] ?? '');
  return ready ? (ready[1] as string) : null;
}

function holdLock(channel: ServerChannel, readyLine: string, ctx: ExecContext): void {
  const key = ctx.stateDir.dir;
  if (heldLocks.has(key)) {
    channel.exit(75);
    channel.end();
    return;
  }
  heldLocks.add(key);
  channel.write(`${readyLine}\n`);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    heldLocks.delete(key);
    try {
      channel.exit(0);
      channel.end();
    } catch {
      /* the channel is already gone */
    }
  };
  channel.on('data', () => undefined);
  channel.once('end', release);
  channel.once('close', release);
  ctx.signal.addEventListener('abort', release);
}

export function runExec(channel: ServerChannel, command: string, ctx: ExecContext): void {
  const lock = recogniseLock(command);
  if (lock) return holdLock(channel, lock, ctx);
  const call = recogniseAdminCall(command, ctx.flavour);
  if (call) {
    ctx.onAdminCalls?.(1);
    return void runInProcess(channel, call, ctx);
  }
  const script = recogniseScriptOnStdin(command);
  if (script) return void runScript(channel, command, script, ctx);
  runInShell(channel, command, ctx);
}

/** Reads the whole script, then runs it in-process if it is a zfleet batch, else through /bin/sh. */
async function runScript(
  channel: ServerChannel,
  command: string,
  wrapped: Wrapped,
  ctx: ExecContext,
): Promise<void> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    channel.on('data', (d: Buffer) => chunks.push(d));
    channel.once('end', () => resolve());
    channel.once('close', () => resolve());
  });
  const text = Buffer.concat(chunks).toString('utf8');
  const batch = parseBatchScript(text, ctx.flavour);
  if (!batch) return runInShell(channel, command, ctx, text);
  ctx.onAdminCalls?.(batch.calls.length);
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  ctx.signal.addEventListener('abort', stop);
  let timedOut = false;
  const timer =
    wrapped.timeoutMs === null
      ? null
      : setTimeout(() => {
          timedOut = true;
          stop();
        }, wrapped.timeoutMs);
  try {
    const env = { ...ctx.sessionEnv, ...wrapped.env };
    const status = await runBatchInProcess(channel, batch, {
      stateDir: ctx.stateDir,
      flavour: ctx.flavour,
      env,
      signal: abort.signal,
    });
    if (ctx.signal.aborted) return;
    channel.exit(timedOut ? TIMED_OUT : status);
  } catch (e) {
    channel.stderr.write(`sh (zfleet fake): internal error: ${(e as Error).message}\n`);
    channel.exit(1);
  } finally {
    if (timer) clearTimeout(timer);
    ctx.signal.removeEventListener('abort', stop);
  }
  channel.end();
}

function runInShell(channel: ServerChannel, command: string, ctx: ExecContext, stdinText?: string): void {
  ctx.onShell?.();
  const child = spawn('/bin/sh', ['-c', command], {
    env: {
      ...ctx.sessionEnv,
      PATH: `${ctx.binDir}:/usr/local/bin:/usr/bin:/bin`,
      ZARAFA_STATE: ctx.stateDir.dir,
      ZARAFA_FLAVOUR: ctx.flavour.name,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (stdinText === undefined) channel.pipe(child.stdin).on('error', () => undefined);
  else child.stdin.end(stdinText);
  child.stdin.on('error', () => undefined);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  const kill = (): void => void child.kill('SIGKILL');
  ctx.signal.addEventListener('abort', kill);
  child.on('close', (code, signal) => {
    ctx.signal.removeEventListener('abort', kill);
    if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
    else channel.exit(code ?? 1);
    channel.end();
  });
}
