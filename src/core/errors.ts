// One error type with a stable code; per-host failures are outcome values, not exceptions.

export type ErrorCode =
  | 'config'
  | 'usage'
  | 'unreachable'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'disconnected'
  | 'exec-timeout'
  | 'channel-refused'
  | 'remote-exit'
  | 'stale-plan'
  | 'host-locked'
  | 'journal'
  /** --shard K/N picked none of the selected hosts: nothing to do, not a failure (exit 0). */
  | 'empty-shard'
  | 'internal';

export class FleetError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { host?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FleetError';
  }

  get host(): string | undefined {
    return this.options.host;
  }
}

/** One problem in an input file: which file, where in it, and what is wrong. */
export interface Problem {
  readonly file: string;
  /** A dotted path (YAML) or "line N" (INI); empty when the whole file is meant. */
  readonly path: string;
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** Bad input: every problem found, reported together. */
export class ConfigError extends FleetError {
  constructor(readonly problems: readonly Problem[]) {
    super('config', problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}
