// A fake host's state directory: state.json (users and groups), server.json (settings), faults.json,
// and invocations.log. Writers take a lock and replace state.json atomically, so concurrent calls on
// one host never lose an update and a crash never leaves half a file.
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { emptyState, stateSchema } from '../emulator/model.js';
import type { FakeState, ServerConfig } from '../emulator/model.js';
import { faultsSchema } from './faults.js';
import type { Faults, FaultsInput } from './faults.js';

export class FakeStateError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'FakeStateError';
  }
}

const serverSchema = z
  .object({
    userPlugin: z.enum(['db', 'ldap', 'unix']).default('db'),
    serverName: z.string().optional(),
    licenseLimit: z.number().int().min(0).nullable().default(null),
  })
  .strict();

export type ServerSettings = z.input<typeof serverSchema>;

export interface InvocationRecord {
  readonly time: string;
  readonly flavour: string;
  readonly argv: readonly string[];
  readonly stdinRead: boolean;
  readonly exitCode: number | null;
  readonly fault?: string;
}

/** What one zarafa-admin run needs of its host's files; a StateDir, or a transaction over one. */
export interface HostStore {
  readonly dir: string;
  ensure(): void;
  readState(): FakeState;
  mutate<T>(fn: (state: FakeState) => T): Promise<T>;
  readServer(defaultServerName: string): ServerConfig;
  readFaults(): Faults;
  takeFailure(): Promise<Faults['failNext'] | null>;
  appendInvocation(record: InvocationRecord): void;
}

/** In-process writers queue per directory; the file lock then orders them against other processes. */
const inProcessQueues = new Map<string, Promise<unknown>>();

export class StateDir implements HostStore {
  private cache: { key: string; state: FakeState } | null = null;

  readonly statePath: string;
  readonly faultsPath: string;
  readonly serverPath: string;
  readonly logPath: string;

  constructor(readonly dir: string) {
    this.statePath = join(dir, 'state.json');
    this.faultsPath = join(dir, 'faults.json');
    this.serverPath = join(dir, 'server.json');
    this.logPath = join(dir, 'invocations.log');
  }

  ensure(): void {
    mkdirSync(this.dir, { recursive: true });
  }

  /** The state for reading; parsed once per version of the file (it is only ever replaced, never edited). */
  readState(): FakeState {
    let key: string;
    try {
      const st = statSync(this.statePath);
      key = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return emptyState();
    }
    if (this.cache?.key === key) return this.cache.state;
    const state = this.loadState();
    this.cache = { key, state };
    return state;
  }

  /** A fresh copy of the state, safe to change. */
  loadState(): FakeState {
    let text: string;
    try {
      text = readFileSync(this.statePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw new FakeStateError(`cannot read ${this.statePath}: ${(e as Error).message}`, this.statePath);
    }
    return this.parse(text, this.statePath, stateSchema);
  }

  writeState(state: FakeState): void {
    writeAtomically(this.statePath, JSON.stringify(state, null, 1) + '\n');
  }

  /** Server settings; the flavour decides the default server_name (ZCP ships "Zarafa", Kopano nothing). */
  readServer(defaultServerName: string): ServerConfig {
    if (!existsSync(this.serverPath))
      return { userPlugin: 'db', serverName: defaultServerName, licenseLimit: null };
    const s = this.parse(readFileSync(this.serverPath, 'utf8'), this.serverPath, serverSchema);
    return {
      userPlugin: s.userPlugin,
      serverName: s.serverName ?? defaultServerName,
      licenseLimit: s.licenseLimit,
    };
  }

  writeServer(settings: ServerSettings): void {
    this.ensure();
    writeAtomically(this.serverPath, JSON.stringify(serverSchema.parse(settings), null, 1) + '\n');
  }

  readFaults(): Faults {
    if (!existsSync(this.faultsPath)) return {};
    return this.parse(readFileSync(this.faultsPath, 'utf8'), this.faultsPath, faultsSchema);
  }

  writeFaults(faults: FaultsInput): void {
    this.ensure();
    writeAtomically(this.faultsPath, JSON.stringify(faultsSchema.parse(faults), null, 1) + '\n');
  }

  /** Takes one pending failure from faults.json, under the lock so that N failures fail exactly N calls. */
  async takeFailure(): Promise<Faults['failNext'] | null> {
    if (!existsSync(this.faultsPath)) return null;
    return this.locked(() => {
      const faults = this.readFaults();
      const failure = faults.failNext;
      if (!failure || failure.count <= 0) return null;
      const left = failure.count - 1;
      this.writeFaults({ ...faults, failNext: left > 0 ? { ...failure, count: left } : undefined });
      return failure;
    });
  }

  async mutate<T>(fn: (state: FakeState) => T): Promise<T> {
    return this.locked(() => {
      const state = this.loadState();
      const before = JSON.stringify(state);
      const result = fn(state);
      if (JSON.stringify(state) !== before) this.writeState(state);
      return result;
    });
  }

  /** Runs fn under the lock with the state and faults in memory, and writes back what changed once. */
  async transaction<T>(fn: (store: HostStore) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      const state = this.loadState();
      const faults = this.readFaults();
      const before = { state: JSON.stringify(state), faults: JSON.stringify(faults) };
      const log: InvocationRecord[] = [];
      const store: HostStore = {
        dir: this.dir,
        ensure: () => undefined,
        readState: () => state,
        mutate: async (f) => f(state),
        readServer: (name) => this.readServer(name),
        readFaults: () => faults,
        takeFailure: async () => {
          const failure = faults.failNext;
          if (!failure || failure.count <= 0) return null;
          faults.failNext = failure.count > 1 ? { ...failure, count: failure.count - 1 } : undefined;
          return failure;
        },
        appendInvocation: (record) => void log.push(record),
      };
      try {
        return await fn(store);
      } finally {
        if (JSON.stringify(state) !== before.state) this.writeState(state);
        if (JSON.stringify(faults) !== before.faults) this.writeFaults(faults);
        if (log.length > 0) appendFileSync(this.logPath, log.map((r) => JSON.stringify(r) + '\n').join(''));
      }
    });
  }

  appendInvocation(record: InvocationRecord): void {
    appendFileSync(this.logPath, JSON.stringify(record) + '\n');
  }

  readInvocations(): InvocationRecord[] {
    if (!existsSync(this.logPath)) return [];
    return readFileSync(this.logPath, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as InvocationRecord);
  }

  private parse<S extends z.ZodType>(text: string, path: string, schema: S): z.output<S> {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new FakeStateError(`${path} is corrupt (${(e as Error).message}); refusing to reset it`, path);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || '(top)';
      throw new FakeStateError(
        `${path} is corrupt (${where}: ${issue?.message}); refusing to reset it`,
        path,
      );
    }
    return parsed.data;
  }

  private async locked<T>(fn: () => T | Promise<T>): Promise<T> {
    const previous = inProcessQueues.get(this.dir) ?? Promise.resolve();
    const run = previous.then(async () => {
      this.ensure();
      const release = await lockfile.lock(this.statePath, {
        realpath: false,
        lockfilePath: join(this.dir, 'state.lock'),
        stale: 10_000,
        retries: { retries: 2000, minTimeout: 2, maxTimeout: 25, factor: 1.2, randomize: true },
      });
      try {
        return await fn();
      } finally {
        await release();
      }
    });
    const settled = run.catch(() => undefined);
    inProcessQueues.set(this.dir, settled);
    void settled.then(() => {
      if (inProcessQueues.get(this.dir) === settled) inProcessQueues.delete(this.dir);
    });
    return run;
  }
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
