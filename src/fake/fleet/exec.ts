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

export interface ExecContext {
  readonly stateDir: StateDir;
  readonly flavour: Flavour;
  /** Directory holding the fake admin binary for /bin/sh's PATH. */
  readonly binDir: string;
  /** Environment the client sent with "env" requests. */
  readonly sessionEnv: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

/** The argv of a zarafa-admin call we can run in-process, or null when a shell is needed. */
export function recogniseAdminCall(
  command: string,
  flavour: Flavour,
): { env: Record<string, string>; argv: string[] } | null {
  const parsed = parseSimpleCommand(command);
  if (!parsed) return null;
  const [program, ...argv] = parsed.argv as [string, ...string[]];
  if (basename(program) !== flavour.binary) return null;
  return { env: { ...parsed.env }, argv };
}

export function runExec(channel: ServerChannel, command: string, ctx: ExecContext): void {
  const call = recogniseAdminCall(command, ctx.flavour);
  if (call) void runInProcess(channel, call, ctx);
  else runInShell(channel, command, ctx);
}

async function runInProcess(
  channel: ServerChannel,
  call: { env: Record<string, string>; argv: string[] },
  ctx: ExecContext,
): Promise<void> {
  try {
    const result = await runOnHost(
      ctx.stateDir,
      {
        argv: call.argv,
        env: { ...ctx.sessionEnv, ...call.env },
        flavour: ctx.flavour,
        readLine: lineReader(channel),
      },
      { signal: ctx.signal },
    );
    if (ctx.signal.aborted) return;
    if (result.stdout) channel.write(result.stdout);
    if (result.stderr) channel.stderr.write(result.stderr);
    channel.exit(result.exitCode);
  } catch (e) {
    channel.stderr.write(`${ctx.flavour.binary} (zfleet fake): internal error: ${(e as Error).message}\n`);
    channel.exit(1);
  }
  channel.end();
}

function runInShell(channel: ServerChannel, command: string, ctx: ExecContext): void {
  const child = spawn('/bin/sh', ['-c', command], {
    env: {
      ...ctx.sessionEnv,
      PATH: `${ctx.binDir}:/usr/local/bin:/usr/bin:/bin`,
      ZARAFA_STATE: ctx.stateDir.dir,
      ZARAFA_FLAVOUR: ctx.flavour.name,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  channel.pipe(child.stdin).on('error', () => undefined);
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
