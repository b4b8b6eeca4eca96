// The seam between the runner and the network: run/ depends on this, never on ssh2.
import type { HostSettings } from '../inventory/settings.js';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

/** What to run: words (each quoted once, by the transport) or a POSIX sh script. `become: false`
 * keeps the host's sudo off this command (a batch script applies it per call itself). */
export type RemoteCommand = ({ readonly argv: readonly string[] } | { readonly script: string }) & {
  readonly become?: boolean;
};

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed. */
  readonly stdin?: string;
  /** Overrides the host's command timeout. */
  readonly timeoutMs?: number;
  /** Sees the output as it arrives (batches split it call by call). */
  readonly onData?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly durationMs: number;
}

/** A command kept running (a lock holder): ended by closing its stdin. */
export interface HeldCommand {
  release(): Promise<void>;
}

export interface HostSession {
  readonly host: string;
  /** Milliseconds from the first connect attempt to an authenticated session. */
  readonly connectMs: number;
  exec(command: RemoteCommand, options?: ExecOptions): Promise<ExecResult>;
  /** Starts `words`, resolves once it printed `readyLine`, rejects with its result if it ends first. */
  hold(words: readonly string[], readyLine: string): Promise<HeldCommand>;
  close(): Promise<void>;
}

export interface Transport {
  /** The host's one session for this run: opened on first use, reused afterwards. */
  open(host: HostSettings): Promise<HostSession>;
  close(): Promise<void>;
}
