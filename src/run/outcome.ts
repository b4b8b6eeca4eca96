// What happened on each host, in Ansible's words, and what the run's exit code makes of it.
import type { ErrorCode } from '../core/errors.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'unreachable' | 'skipped';

export interface CommandOutcome {
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface HostOutcome {
  readonly host: string;
  readonly status: HostStatus;
  readonly error?: { readonly code: ErrorCode; readonly message: string };
  readonly commands: readonly CommandOutcome[];
  readonly connectMs?: number;
  readonly durationMs: number;
  /** Command-specific facts (ping: flavour and version). */
  readonly facts?: Readonly<Record<string, string | number>>;
}

export interface RunSummary {
  readonly hosts: number;
  readonly ok: number;
  readonly changed: number;
  readonly failed: number;
  readonly unreachable: number;
  readonly skipped: number;
  readonly durationMs: number;
}

export function summarize(outcomes: readonly HostOutcome[], durationMs: number): RunSummary {
  const count = (s: HostStatus): number => outcomes.filter((o) => o.status === s).length;
  return {
    hosts: outcomes.length,
    ok: count('ok'),
    changed: count('changed'),
    failed: count('failed'),
    unreachable: count('unreachable'),
    skipped: count('skipped'),
    durationMs,
  };
}

/** Failures that happen before a command can run: the host is unreachable rather than failed. */
export const CONNECT_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'unreachable',
  'auth-failed',
  'host-key-unknown',
  'host-key-changed',
  'host-key-revoked',
]);
