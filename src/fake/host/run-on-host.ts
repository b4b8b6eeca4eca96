// Runs one zarafa-admin invocation against a state directory: faults first (latency, hang, forced
// failures), then the emulator, then garbage if asked; every call is logged without its password.
import { existsSync } from 'node:fs';
import type { Flavour } from '../emulator/flavour.js';
import { getoptLong } from '../emulator/getopt.js';
import { runZarafaAdmin } from '../emulator/program.js';
import type { HostAccess, Invocation, RunResult } from '../emulator/program.js';
import { mangleStdout } from './faults.js';

import { FakeStateError, sha256 } from './state-dir.js';
import type { HostStore } from './state-dir.js';

export const REDACTED = '<redacted>';

/** The argv as logged: the value of -p (the only option that carries a password) is replaced, found
 * by the same parser the emulator uses so that a user named "-p" is not mistaken for it. */
export function redactArgv(argv: readonly string[], flavour: Flavour): string[] {
  const out = [...argv];
  const { items } = getoptLong(argv, flavour.shortSpec, flavour.longOptions, flavour.binary, flavour.getopt);
  for (const item of items) {
    if (item.kind !== 'option' || item.name !== '-p' || !item.valueAt) continue;
    const { index, offset } = item.valueAt;
    out[index] = (argv[index] as string).slice(0, offset) + REDACTED;
  }
  return out;
}

export interface HostRunOptions {
  /** Ends a hanging call (the in-process fleet aborts it when it stops). */
  readonly signal?: AbortSignal;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function runOnHost(
  stateDir: HostStore,
  inv: Invocation,
  opts: HostRunOptions = {},
): Promise<RunResult> {
  const log = (result: Pick<RunResult, 'exitCode' | 'stdinRead'> | null, fault?: string): void =>
    stateDir.appendInvocation({
      time: new Date().toISOString(),
      flavour: inv.flavour.name,
      argv: redactArgv(inv.argv, inv.flavour),
      stdinRead: result?.stdinRead ?? false,
      exitCode: result?.exitCode ?? null,
      ...(fault ? { fault } : {}),
    });
  try {
    stateDir.ensure();
    const faults = stateDir.readFaults();
    if (faults.latencyMs) await sleep(faults.latencyMs, opts.signal);
    // Killed while it waited (a remote `timeout`, or the fleet stopping): it never ran.
    if (opts.signal?.aborted) return { stdout: '', stderr: '', exitCode: 1, stdinRead: false };
    if (faults.hang) {
      log(null, 'hang');
      await new Promise<void>((resolve) => opts.signal?.addEventListener('abort', () => resolve()));
      return { stdout: '', stderr: '', exitCode: 1, stdinRead: false };
    }
    const rule = faults.failWhen;
    if (rule && rule.argvIncludes.every((w) => inv.argv.includes(w))) {
      log({ exitCode: rule.exitCode as 0 | 1, stdinRead: false }, 'failWhen');
      return { stdout: '', stderr: rule.stderr, exitCode: rule.exitCode as 0 | 1, stdinRead: false };
    }
    const failure = await stateDir.takeFailure();
    if (failure) {
      log({ exitCode: failure.exitCode as 0 | 1, stdinRead: false }, 'failNext');
      return {
        stdout: failure.stdout,
        stderr: failure.stderr,
        exitCode: failure.exitCode as 0 | 1,
        stdinRead: false,
      };
    }
    const host = hostAccess(stateDir, inv.flavour, faults.serverDown ?? null);
    const result = await runZarafaAdmin(inv, host);
    log(result, faults.garbage ? `garbage:${faults.garbage}` : undefined);
    return faults.garbage ? { ...result, stdout: mangleStdout(result.stdout, faults.garbage) } : result;
  } catch (e) {
    if (!(e instanceof FakeStateError)) throw e;
    const result: RunResult = {
      stdout: '',
      stderr: `${inv.flavour.binary} (zfleet fake): ${e.message}\n`,
      exitCode: 1,
      stdinRead: false,
    };
    log(result, 'corrupt-state');
    return result;
  }
}

function hostAccess(stateDir: HostStore, flavour: Flavour, serverDown: HostAccess['serverDown']): HostAccess {
  return {
    config: stateDir.readServer(flavour.defaultServerName),
    serverDown,
    fileExists: (path) => existsSync(path),
    read: async (fn) => fn(stateDir.readState()),
    mutate: (fn) => stateDir.mutate(fn),
    hashPassword: sha256,
  };
}
