// Many zarafa-admin calls through one SSH channel: a POSIX sh script sent on stdin (never in argv),
// each call followed by a marker carrying its exit code on both streams, so every call's stdout,
// stderr and status come back apart, as each call finishes. A password reaches -P through the shell's
// builtin printf inside the script, so it is in no process's argv.
import { shellJoin, shellQuote } from '../ssh/quote.js';
import type { AdminCall } from './builders.js';

export const BATCH_HEADER = '# zfleet batch 1';
export const MARK_FUNCTION = `zf() { r=$?; printf 'ZFLEET:%s:%s:%s\\n' "$T" "$1" "$r"; printf 'ZFLEET:%s:%s:%s\\n' "$T" "$1" "$r" >&2; return $r; }`;

export interface BatchScript {
  readonly token: string;
  readonly script: string;
  readonly calls: readonly AdminCall[];
}

export interface BatchOptions {
  readonly adminPath: string;
  readonly become: boolean;
  /** Stop at the first call that exits non-zero (the rest are reported as not run). */
  readonly stopOnFailure: boolean;
  /** A random hex token, unguessable by anything the calls print (the caller draws it). */
  readonly token: string;
}

export function buildBatchScript(calls: readonly AdminCall[], options: BatchOptions): BatchScript {
  const token = options.token;
  if (!/^[0-9a-f]{16,}$/.test(token)) throw new Error('a batch token must be at least 16 hex digits');
  const lines = [`${BATCH_HEADER} ${token}`, `T=${token}`, MARK_FUNCTION];
  calls.forEach((call, i) => {
    const program = [...(options.become ? ['sudo', '-n'] : []), options.adminPath, ...call.args];
    const pw = call.password?.reveal();
    const feed = pw === undefined ? '' : `printf '%s\\n%s\\n' ${shellQuote(pw)} ${shellQuote(pw)} | `;
    const input = pw === undefined ? ' </dev/null' : '';
    lines.push(`${feed}${shellJoin(program)}${input}; zf ${i}${options.stopOnFailure ? ' || exit 0' : ''}`);
  });
  lines.push('exit 0', '');
  return { token, script: lines.join('\n'), calls };
}

export interface CallResult {
  readonly index: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Splits a batch's two output streams at the markers, call by call, as the bytes arrive. Works on
 * bytes, so a character cut between two chunks is decoded only once it is whole. */
export class BatchOutputSplitter {
  private readonly buffers: Record<'stdout' | 'stderr', Buffer> = {
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
  };
  private readonly pending: Record<'stdout' | 'stderr', Map<number, { text: string; exitCode: number }>> = {
    stdout: new Map(),
    stderr: new Map(),
  };
  private readonly prefix: Buffer;

  constructor(
    token: string,
    private readonly onResult: (r: CallResult) => void,
  ) {
    this.prefix = Buffer.from(`ZFLEET:${token}:`);
  }

  push(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    let buf = Buffer.concat([this.buffers[stream], chunk]);
    for (;;) {
      const at = buf.indexOf(this.prefix);
      if (at < 0) break;
      const end = buf.indexOf(0x0a, at);
      if (end < 0) break;
      const m = /^(\d+):(\d+)$/.exec(buf.subarray(at + this.prefix.length, end).toString('ascii'));
      if (!m) break;
      const index = Number(m[1]);
      this.pending[stream].set(index, { text: buf.subarray(0, at).toString('utf8'), exitCode: Number(m[2]) });
      buf = buf.subarray(end + 1);
      this.emitIfComplete(index);
    }
    this.buffers[stream] = buf;
  }

  private emitIfComplete(index: number): void {
    const o = this.pending.stdout.get(index);
    const e = this.pending.stderr.get(index);
    if (o === undefined || e === undefined) return;
    this.pending.stdout.delete(index);
    this.pending.stderr.delete(index);
    this.onResult({ index, exitCode: o.exitCode, stdout: o.text, stderr: e.text });
  }

  /** Output after the last marker: what the shell itself said (e.g. a syntax error), for diagnostics. */
  leftover(): { stdout: string; stderr: string } {
    return { stdout: this.buffers.stdout.toString('utf8'), stderr: this.buffers.stderr.toString('utf8') };
  }
}
