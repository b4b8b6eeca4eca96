// Commands on one host's connection: at most `channels` at a time (below sshd's MaxSessions), each
// wrapped in the remote `timeout` so a hung command really ends on the host, no pty, stdin written
// and closed. A dropped connection fails what is running and everything queued behind it.
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import type { Client, ClientChannel } from 'ssh2';
import { FleetError } from '../core/errors.js';
import { shellJoin, shellQuote } from './quote.js';
import type { ExecOptions, ExecResult, HeldCommand, HostSession, RemoteCommand } from './types.js';

/** After the remote timeout sends TERM, it waits this long before KILL. */
export const KILL_GRACE_S = 3;
/** How long past the remote deadline we wait for the channel before giving up on it locally. */
const LOCAL_MARGIN_MS = 5000;
/** Exit codes of GNU timeout: 124 after TERM, 137 (128+9) after KILL. */
const TIMEOUT_EXITS = new Set([124, 137]);

export interface SessionSettings {
  readonly host: string;
  readonly channels: number;
  readonly commandTimeoutMs: number;
  readonly become: boolean;
}

/** The command line sent to the host: timeout, optional sudo -n, then the quoted words or `sh -c`. */
export function buildRemoteCommandLine(command: RemoteCommand, timeoutMs: number, become: boolean): string {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const prefix = `timeout -k ${KILL_GRACE_S} ${seconds} ${become ? 'sudo -n ' : ''}`;
  return 'argv' in command
    ? prefix + shellJoin(command.argv)
    : `${prefix}sh -c ${shellQuote(command.script)}`;
}

export class Ssh2Session implements HostSession {
  private readonly limit: LimitFunction;
  private closedBecause: FleetError | null = null;
  private readonly open = new Set<ClientChannel>();
  /** Channels asked for and not yet closed (opening or open). */
  private inFlight = 0;

  constructor(
    private readonly client: Client,
    private readonly settings: SessionSettings,
    readonly connectMs: number,
    private readonly onClose: () => void = () => undefined,
  ) {
    this.limit = pLimit(settings.channels);
    const drop = (why: string): void => {
      this.closedBecause ??= new FleetError('disconnected', `${settings.host}: connection lost (${why})`, {
        host: settings.host,
      });
      for (const ch of this.open) ch.emit('close');
      this.onClose();
    };
    client.on('error', (e: Error) => drop(e.message));
    client.on('close', () => drop('closed'));
  }

  get host(): string {
    return this.settings.host;
  }

  exec(command: RemoteCommand, options: ExecOptions = {}): Promise<ExecResult> {
    return this.limit(() => this.execAdapting(command, options, 0));
  }

  /** Channels this session may really use: lowered when the server refuses one (a MaxSessions below
   * zfleet_channels), so the command waits for a free channel instead of failing. */
  get channelLimit(): number {
    return this.limit.concurrency;
  }

  private async execAdapting(
    command: RemoteCommand,
    options: ExecOptions,
    attempt: number,
  ): Promise<ExecResult> {
    try {
      return await this.execNow(command, options);
    } catch (e) {
      const refused = e instanceof FleetError && e.code === 'channel-refused';
      // Refused while others are in use: the server's session limit is lower than ours.
      if (!refused || this.inFlight === 0 || attempt >= 50) throw e;
      this.limit.concurrency = Math.max(1, Math.min(this.limit.concurrency, this.inFlight));
      await this.channelFreed();
      return this.execAdapting(command, options, attempt + 1);
    }
  }

  /** Resolves when one of the open channels closes (or after a short while, whichever is first). */
  private channelFreed(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 200);
      for (const ch of this.open)
        ch.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
    });
  }

  private execNow(command: RemoteCommand, options: ExecOptions): Promise<ExecResult> {
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    const timeoutMs = options.timeoutMs ?? this.settings.commandTimeoutMs;
    const line = buildRemoteCommandLine(command, timeoutMs, command.become ?? this.settings.become);
    const started = performance.now();
    const host = this.settings.host;
    return new Promise((resolve, reject) => {
      this.inFlight++;
      this.client.exec(line, (err, channel) => {
        if (err) {
          this.inFlight--;
          const code = this.closedBecause ? 'disconnected' : 'channel-refused';
          return reject(
            this.closedBecause ??
              new FleetError(code, `${host}: cannot open a channel: ${err.message}`, { host, cause: err }),
          );
        }
        this.open.add(channel);
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let exitCode: number | null = null;
        let signal: string | null = null;
        const timer = setTimeout(
          () => {
            channel.close();
            finish(
              new FleetError(
                'exec-timeout',
                `${host}: command still running ${timeoutMs} ms + ${KILL_GRACE_S + LOCAL_MARGIN_MS / 1000} s after it started; channel closed`,
                { host },
              ),
            );
          },
          timeoutMs + KILL_GRACE_S * 1000 + LOCAL_MARGIN_MS,
        );
        let done = false;
        const finish = (error?: FleetError): void => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          this.open.delete(channel);
          this.inFlight--;
          if (error) return reject(error);
          const durationMs = performance.now() - started;
          const stdout = Buffer.concat(out).toString('utf8');
          const stderr = Buffer.concat(errOut).toString('utf8');
          if (exitCode !== null && TIMEOUT_EXITS.has(exitCode)) {
            return reject(
              new FleetError(
                'exec-timeout',
                `${host}: command timed out after ${timeoutMs} ms and was ended on the host`,
                { host },
              ),
            );
          }
          if (exitCode === null) {
            if (this.closedBecause) return reject(this.closedBecause);
            if (signal)
              return reject(
                new FleetError('remote-exit', `${host}: command killed by signal ${signal}`, { host }),
              );
            return reject(
              new FleetError('disconnected', `${host}: command ended without an exit status`, { host }),
            );
          }
          resolve({ stdout, stderr, exitCode, durationMs });
        };
        channel.on('data', (d: Buffer) => {
          out.push(d);
          options.onData?.('stdout', d);
        });
        channel.stderr.on('data', (d: Buffer) => {
          errOut.push(d);
          options.onData?.('stderr', d);
        });
        channel.on('exit', (code: number | null, sig?: string) => {
          exitCode = code;
          signal = sig ?? null;
        });
        channel.on('close', () => finish());
        channel.on('error', () => undefined);
        channel.end(options.stdin ?? '');
      });
    });
  }

  /** The held command takes a channel slot only while it starts: a lock holder is one extra channel
   * beyond the limit at most, which the default limit (8) leaves room for under MaxSessions 10. */
  hold(words: readonly string[], readyLine: string): Promise<HeldCommand> {
    const host = this.settings.host;
    return this.limit(
      () =>
        new Promise<HeldCommand>((resolve, reject) => {
          if (this.closedBecause) return reject(this.closedBecause);
          this.client.exec(shellJoin(words), (err, channel) => {
            if (err)
              return reject(
                new FleetError('channel-refused', `${host}: cannot open a channel: ${err.message}`, {
                  host,
                  cause: err,
                }),
              );
            let out = '';
            let exitCode: number | null = null;
            let held = false;
            const closed = new Promise<void>((done) => channel.on('close', () => done()));
            channel.on('exit', (code: number | null) => (exitCode = code));
            channel.stderr.on('data', () => undefined);
            channel.on('data', (d: Buffer) => {
              out += d.toString('utf8');
              if (!held && out.split('\n').includes(readyLine)) {
                held = true;
                resolve({
                  release: async () => {
                    channel.end();
                    await closed;
                  },
                });
              }
            });
            void closed.then(() => {
              if (!held)
                reject(
                  new FleetError(
                    'host-locked',
                    `${host}: ${words[0]} exited ${exitCode} before it was ready`,
                    { host },
                  ),
                );
            });
          });
        }),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closedBecause) return resolve();
      this.client.once('close', () => resolve());
      this.client.end();
    });
  }
}
