// The journal (SQLite through better-sqlite3): runs; every step written before it runs and after it
// ends (intent, outcome, output; no secrets); the objects zfleet manages per host; keyed password
// fingerprints (HMAC with a key kept in the journal, never the password). One apply at a time.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { FleetError } from '../core/errors.js';
import type { Secret } from '../core/secret.js';

export type StepState = 'pending' | 'ok' | 'failed' | 'skipped';

export interface RunRow {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly command: string;
  readonly desiredFile: string;
  readonly status: string;
  readonly options: string;
}

export interface StepRow {
  readonly id: number;
  readonly runId: number;
  readonly host: string;
  readonly change: string;
  readonly state: StepState;
  readonly exitCode: number | null;
  readonly stdout: string | null;
  readonly stderr: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
  command TEXT NOT NULL, desired_file TEXT NOT NULL, status TEXT NOT NULL, options TEXT NOT NULL DEFAULT '{}', pid INTEGER);
CREATE TABLE IF NOT EXISTS host_runs (run_id INTEGER NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL, message TEXT,
  PRIMARY KEY (run_id, host));
CREATE TABLE IF NOT EXISTS steps (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, host TEXT NOT NULL, change TEXT NOT NULL,
  state TEXT NOT NULL, exit_code INTEGER, stdout TEXT, stderr TEXT, started_at TEXT NOT NULL, finished_at TEXT);
CREATE TABLE IF NOT EXISTS managed (host TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (host, kind, key));
CREATE TABLE IF NOT EXISTS password_fingerprints (host TEXT NOT NULL, user_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
  PRIMARY KEY (host, user_key));
`;

const now = (): string => new Date().toISOString();

let sqlite: typeof Database | undefined;
/** better-sqlite3 is a native add-on: loaded when a journal is first opened, not by every command
 * (exec, ping, pull never open one; loading it cost ~5 ms of each run's start-up). */
function sqliteDatabase(): typeof Database {
  sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return sqlite;
}

export class Journal {
  private readonly db: Database.Database;
  private readonly hmacKey: Buffer;

  constructor(readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.db = new (sqliteDatabase())(path);
      this.db.pragma('journal_mode = WAL');
      // WAL + NORMAL: every write survives a killed process (what resume relies on); only a power cut
      // may lose the last commits. FULL would fsync every step and make a 10,000-step apply crawl.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(SCHEMA);
    } catch (e) {
      throw new FleetError('config', `journal ${path}: ${(e as Error).message}`, { cause: e });
    }
    let key = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('hmac_key') as
      { value: string } | undefined;
    if (!key) {
      this.db
        .prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)')
        .run('hmac_key', randomBytes(32).toString('hex'));
      key = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('hmac_key') as { value: string };
    }
    this.hmacKey = Buffer.from(key.value, 'hex');
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      /* closing a journal whose disk failed must not hide the first error */
    }
  }

  /** Set once a write failed: from then on zfleet must not change hosts it cannot record. */
  broken: FleetError | null = null;

  /** Every write goes through here, so a full or read-only disk becomes one clear error. */
  private write<T>(what: string, fn: () => T): T {
    if (this.broken) throw this.broken;
    try {
      return fn();
    } catch (e) {
      if (e instanceof FleetError) throw e;
      this.broken = new FleetError(
        'journal',
        `journal ${this.path} cannot be written (${what}: ${(e as Error).message})`,
        { cause: e },
      );
      throw this.broken;
    }
  }

  /** Starts a run, refusing while another live process holds an unfinished one. */
  startRun(command: string, desiredFile: string, options: Record<string, unknown>): number {
    return this.write('start a run', () => {
      return this.db
        .transaction(() => {
          const active = this.db.prepare("SELECT id, pid FROM runs WHERE status = 'running'").all() as {
            id: number;
            pid: number | null;
          }[];
          for (const r of active) {
            if (r.pid !== null && r.pid !== process.pid && processAlive(r.pid)) {
              throw new FleetError(
                'usage',
                `journal ${this.path} is in use by run ${r.id} (pid ${r.pid}); only one apply at a time`,
              );
            }
            this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?").run(r.id);
          }
          const info = this.db
            .prepare(
              "INSERT INTO runs (started_at, command, desired_file, status, options, pid) VALUES (?, ?, ?, 'running', ?, ?)",
            )
            .run(now(), command, desiredFile, JSON.stringify(options), process.pid);
          return Number(info.lastInsertRowid);
        })
        .immediate();
    });
  }

  finishRun(runId: number, status: string): void {
    return this.write('finish a run', () => {
      this.db
        .prepare('UPDATE runs SET finished_at = ?, status = ?, pid = NULL WHERE id = ?')
        .run(now(), status, runId);
    });
  }

  hostStatus(runId: number, host: string, status: string, message?: string): void {
    return this.write('record a host', () => {
      this.db
        .prepare('INSERT OR REPLACE INTO host_runs (run_id, host, status, message) VALUES (?, ?, ?, ?)')
        .run(runId, host, status, message ?? null);
    });
  }

  hostStatuses(runId: number): Map<string, string> {
    const rows = this.db.prepare('SELECT host, status FROM host_runs WHERE run_id = ?').all(runId) as {
      host: string;
      status: string;
    }[];
    return new Map(rows.map((r) => [r.host, r.status]));
  }

  /** Written before the step runs. */
  stepStarted(runId: number, host: string, change: unknown): number {
    return this.write('record a step', () => {
      const info = this.db
        .prepare("INSERT INTO steps (run_id, host, change, state, started_at) VALUES (?, ?, ?, 'pending', ?)")
        .run(runId, host, JSON.stringify(change), now());
      return Number(info.lastInsertRowid);
    });
  }

  stepEnded(
    stepId: number,
    state: Exclude<StepState, 'pending'>,
    result?: { exitCode: number; stdout: string; stderr: string },
  ): void {
    return this.write('record a step outcome', () => {
      this.db
        .prepare(
          'UPDATE steps SET state = ?, exit_code = ?, stdout = ?, stderr = ?, finished_at = ? WHERE id = ?',
        )
        .run(state, result?.exitCode ?? null, result?.stdout ?? null, result?.stderr ?? null, now(), stepId);
    });
  }

  runs(limit = 50): RunRow[] {
    return this.db
      .prepare(
        'SELECT id, started_at AS startedAt, finished_at AS finishedAt, command, desired_file AS desiredFile, status, options FROM runs ORDER BY id DESC LIMIT ?',
      )
      .all(limit) as RunRow[];
  }

  run(id: number): RunRow | undefined {
    return this.db
      .prepare(
        'SELECT id, started_at AS startedAt, finished_at AS finishedAt, command, desired_file AS desiredFile, status, options FROM runs WHERE id = ?',
      )
      .get(id) as RunRow | undefined;
  }

  steps(runId: number): StepRow[] {
    return this.db
      .prepare(
        'SELECT id, run_id AS runId, host, change, state, exit_code AS exitCode, stdout, stderr FROM steps WHERE run_id = ? ORDER BY id',
      )
      .all(runId) as StepRow[];
  }

  managed(host: string): { users: Set<string>; groups: Set<string> } {
    const rows = this.db.prepare('SELECT kind, key FROM managed WHERE host = ?').all(host) as {
      kind: string;
      key: string;
    }[];
    return {
      users: new Set(rows.filter((r) => r.kind === 'user').map((r) => r.key)),
      groups: new Set(rows.filter((r) => r.kind === 'group').map((r) => r.key)),
    };
  }

  setManaged(host: string, kind: 'user' | 'group', name: string, managed: boolean): void {
    return this.write('record managed objects', () => {
      if (managed)
        this.db
          .prepare('INSERT OR REPLACE INTO managed (host, kind, key, name) VALUES (?, ?, ?, ?)')
          .run(host, kind, name.toUpperCase(), name);
      else
        this.db
          .prepare('DELETE FROM managed WHERE host = ? AND kind = ? AND key = ?')
          .run(host, kind, name.toUpperCase());
    });
  }

  fingerprint(password: Secret): string {
    return createHmac('sha256', this.hmacKey).update(password.reveal()).digest('hex');
  }

  passwordChanged(host: string, user: string, password: Secret): boolean {
    const row = this.db
      .prepare('SELECT fingerprint FROM password_fingerprints WHERE host = ? AND user_key = ?')
      .get(host, user.toUpperCase()) as { fingerprint: string } | undefined;
    return row?.fingerprint !== this.fingerprint(password);
  }

  recordPassword(host: string, user: string, password: Secret): void {
    return this.write('record a password fingerprint', () => {
      this.db
        .prepare(
          'INSERT OR REPLACE INTO password_fingerprints (host, user_key, fingerprint) VALUES (?, ?, ?)',
        )
        .run(host, user.toUpperCase(), this.fingerprint(password));
    });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
