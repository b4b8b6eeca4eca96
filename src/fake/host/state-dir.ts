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

/** In-process writers queue per directory; the file lock then orders them against other processes. */
const inProcessQueues = new Map<string, Promise<unknown>>();

export class StateDir {
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

  readState(): FakeState {
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
      const state = this.readState();
      const before = JSON.stringify(state);
      const result = fn(state);
      if (JSON.stringify(state) !== before) this.writeState(state);
      return result;
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

  private async locked<T>(fn: () => T): Promise<T> {
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
        return fn();
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
