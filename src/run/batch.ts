// Runs a list of zarafa-admin calls on one host through one channel (see zarafa/batch.ts), reporting
// each call's result as it finishes. Calls after a stop are reported as not run; a transport failure
// keeps the results that came back before it.
import { randomBytes } from 'node:crypto';
import { FleetError } from '../core/errors.js';
import type { HostSettings } from '../inventory/settings.js';
import type { HostSession } from '../ssh/types.js';
import type { AdminCall } from '../zarafa/builders.js';
import { BatchOutputSplitter, buildBatchScript } from '../zarafa/batch.js';
import type { CallResult } from '../zarafa/batch.js';

export interface BatchRun {
  /** One entry per call: its result, or null when it did not run. */
  readonly results: (CallResult | null)[];
  /** Set when the channel failed (timeout, dropped connection) before every call reported. */
  readonly error: FleetError | null;
}

export interface RunBatchOptions {
  readonly stopOnFailure: boolean;
  readonly onResult?: (result: CallResult, call: AdminCall) => void;
  readonly timeoutMs?: number;
}

/** Per-call budget added to the host's command timeout for a whole batch. */
const PER_CALL_MS = 1000;

export async function runBatch(
  session: HostSession,
  host: HostSettings,
  calls: readonly AdminCall[],
  options: RunBatchOptions,
): Promise<BatchRun> {
  const results: (CallResult | null)[] = calls.map(() => null);
  if (calls.length === 0) return { results, error: null };
  const batch = buildBatchScript(calls, {
    adminPath: host.adminPath,
    become: host.become,
    stopOnFailure: options.stopOnFailure,
    token: randomBytes(12).toString('hex'),
  });
  const splitter = new BatchOutputSplitter(batch.token, (r) => {
    results[r.index] = r;
    options.onResult?.(r, calls[r.index] as AdminCall);
  });
  try {
    const done = await session.exec(
      { argv: ['sh', '-s'], become: false },
      {
        stdin: batch.script,
        timeoutMs: options.timeoutMs ?? host.commandTimeoutMs + calls.length * PER_CALL_MS,
        onData: (stream, chunk) => splitter.push(stream, chunk),
      },
    );
    const stopped = results.some((r) => r !== null && r.exitCode !== 0) && options.stopOnFailure;
    if (done.exitCode !== 0 || (!stopped && results.some((r) => r === null))) {
      const left = splitter.leftover();
      const detail = (left.stderr || left.stdout).trim().split('\n').slice(-3).join(' | ');
      return {
        results,
        error: new FleetError(
          'remote-exit',
          `${host.name}: batch shell exited ${done.exitCode}${detail ? `: ${detail}` : ''}`,
          { host: host.name },
        ),
      };
    }
    return { results, error: null };
  } catch (e) {
    const error =
      e instanceof FleetError
        ? e
        : new FleetError('internal', (e as Error).message, { host: host.name, cause: e });
    return { results, error };
  }
}
