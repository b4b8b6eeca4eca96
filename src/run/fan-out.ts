// Runs one task per host, at most `forks` hosts at a time (p-limit); each host's connection comes from
// the transport and is reused by every command of the task. Errors become outcomes, never exceptions,
// so one bad host never stops the others.
import pLimit from 'p-limit';
import { FleetError } from '../core/errors.js';
import type { HostSettings } from '../inventory/settings.js';
import type { ExecOptions, HostSession, RemoteCommand, Transport } from '../ssh/types.js';
import type { EventSink } from './events.js';
import { CONNECT_ERRORS, summarize } from './outcome.js';
import type { CommandOutcome, HostOutcome, HostStatus, RunSummary } from './outcome.js';

/** What a task sees of its host: run a command, with events and outcomes recorded for it. */
export interface HostContext {
  readonly host: HostSettings;
  readonly session: HostSession;
  run(command: RemoteCommand, options?: ExecOptions & { display?: string }): Promise<CommandOutcome>;
}

export interface TaskResult {
  readonly status: HostStatus;
  readonly error?: { readonly code: FleetError['code']; readonly message: string };
  readonly facts?: Readonly<Record<string, string | number>>;
}

export type HostTask = (ctx: HostContext) => Promise<TaskResult>;

export function describeCommand(command: RemoteCommand): string {
  return 'argv' in command ? command.argv.join(' ') : command.script;
}

export async function fanOut(
  hosts: readonly HostSettings[],
  transport: Transport,
  task: HostTask,
  options: { forks: number; emit?: EventSink },
): Promise<{ outcomes: HostOutcome[]; summary: RunSummary }> {
  const emit = options.emit ?? (() => undefined);
  const started = performance.now();
  emit({ kind: 'run-started', hosts: hosts.length, forks: options.forks });
  const limit = pLimit(Math.max(1, options.forks));
  const outcomes = await Promise.all(
    hosts.map((host) =>
      limit(async () => {
        const outcome = await runHost(host, transport, task, emit);
        emit({ kind: 'host-done', outcome });
        return outcome;
      }),
    ),
  );
  const summary = summarize(outcomes, performance.now() - started);
  emit({ kind: 'run-done', summary });
  return { outcomes, summary };
}

async function runHost(
  host: HostSettings,
  transport: Transport,
  task: HostTask,
  emit: EventSink,
): Promise<HostOutcome> {
  const started = performance.now();
  emit({ kind: 'host-started', host: host.name });
  const commands: CommandOutcome[] = [];
  let session: HostSession | undefined;
  try {
    session = await transport.open(host);
    const open = session;
    const ctx: HostContext = {
      host,
      session: open,
      run: async (command, opts = {}) => {
        const display = opts.display ?? describeCommand(command);
        emit({ kind: 'command-started', host: host.name, command: display });
        const r = await open.exec(command, opts);
        const outcome: CommandOutcome = {
          command: display,
          exitCode: r.exitCode,
          stdout: r.stdout,
          stderr: r.stderr,
          durationMs: r.durationMs,
        };
        commands.push(outcome);
        emit({ kind: 'command-finished', host: host.name, outcome });
        return outcome;
      },
    };
    const result = await task(ctx);
    return {
      host: host.name,
      ...result,
      commands,
      connectMs: open.connectMs,
      durationMs: performance.now() - started,
    };
  } catch (e) {
    const error =
      e instanceof FleetError
        ? e
        : new FleetError('internal', (e as Error).message, { host: host.name, cause: e });
    // No session means the host was never reached (refused, timed out, key or login refused).
    const status: HostStatus =
      session === undefined && (CONNECT_ERRORS.has(error.code) || error.code === 'disconnected')
        ? 'unreachable'
        : 'failed';
    return {
      host: host.name,
      status,
      error: { code: error.code, message: error.message },
      commands,
      ...(session ? { connectMs: session.connectMs } : {}),
      durationMs: performance.now() - started,
    };
  }
}
