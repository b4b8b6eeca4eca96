// Users from source records (a CSV or JSON export of the identity system), mapped to Zarafa fields by
// JSONata expressions: an interpreter, so an expression can compute but never run code. The JSONata
// and CSV libraries load only when a desired state has sources: most runs never need them.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type jsonata from 'jsonata';
import type { Problem } from '../core/errors.js';
import type { DesiredUserEntry, Source } from './schema.js';

type Fields = keyof Source['map'];

interface Libraries {
  readonly jsonata: typeof jsonata;
  readonly parseCsv: (text: string, options: object) => unknown;
}

async function loadLibraries(): Promise<Libraries> {
  const [j, csv] = await Promise.all([import('jsonata'), import('csv-parse/sync')]);
  return { jsonata: j.default, parseCsv: csv.parse };
}

function readRecords(
  libs: Libraries,
  source: Source,
  baseDir: string,
  file: string,
  at: string,
  problems: Problem[],
): Record<string, unknown>[] | null {
  const path = resolve(baseDir, source.file);
  if (!existsSync(path)) {
    problems.push({ file, path: `${at}.file`, message: `source ${path} does not exist` });
    return null;
  }
  const text = readFileSync(path, 'utf8');
  const format = source.format ?? (path.endsWith('.csv') ? 'csv' : 'json');
  try {
    if (format === 'csv')
      return libs.parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
        string,
        unknown
      >[];
    const data = JSON.parse(text) as unknown;
    if (!Array.isArray(data) || data.some((r) => typeof r !== 'object' || r === null))
      throw new Error('expected a JSON array of objects');
    return data as Record<string, unknown>[];
  } catch (e) {
    problems.push({
      file: path,
      path: '',
      message: `cannot read ${format.toUpperCase()} records: ${(e as Error).message}`,
    });
    return null;
  }
}

function compile(
  libs: Libraries,
  expr: string,
  file: string,
  path: string,
  problems: Problem[],
): jsonata.Expression | null {
  try {
    return libs.jsonata(expr);
  } catch (e) {
    problems.push({ file, path, message: `bad expression: ${(e as Error).message}` });
    return null;
  }
}

const asList = (v: unknown): string[] | null =>
  v === undefined || v === null || v === ''
    ? []
    : typeof v === 'string'
      ? [v]
      : Array.isArray(v) && v.every((x) => typeof x === 'string')
        ? v
        : null;

export async function usersFromSources(
  sources: readonly Source[],
  baseDir: string,
  file: string,
  problems: Problem[],
): Promise<DesiredUserEntry[]> {
  const users: DesiredUserEntry[] = [];
  if (sources.length === 0) return users;
  const libs = await loadLibraries();
  for (const [i, source] of sources.entries()) {
    const at = `sources[${i}]`;
    const records = readRecords(libs, source, baseDir, file, at, problems);
    const compiled = new Map<Fields, jsonata.Expression>();
    for (const [field, expr] of Object.entries(source.map) as [Fields, string | undefined][]) {
      if (expr === undefined) continue;
      const c = compile(libs, expr, file, `${at}.map.${field}`, problems);
      if (c) compiled.set(field, c);
    }
    const filter = source.filter ? compile(libs, source.filter, file, `${at}.filter`, problems) : null;
    if (!records || compiled.size !== Object.values(source.map).filter((x) => x !== undefined).length)
      continue;
    for (const [k, record] of records.entries()) {
      const where = `${at} record ${k + 1}`;
      const value = async (field: Fields): Promise<unknown> => compiled.get(field)?.evaluate(record);
      try {
        if (filter && !(await filter.evaluate(record))) continue;
        const name = await value('name');
        if (typeof name !== 'string' || name === '') {
          problems.push({
            file,
            path: `${where}.name`,
            message: `the name expression gave ${JSON.stringify(name)}, not a name`,
          });
          continue;
        }
        const str = async (field: 'fullname' | 'email'): Promise<string | undefined> => {
          const v = await value(field);
          if (v === undefined) return undefined;
          if (typeof v !== 'string')
            throw new Error(`${field} expression gave ${JSON.stringify(v)}, not text`);
          return v;
        };
        const list = async (field: 'groups' | 'roles' | 'sendas'): Promise<string[]> => {
          const v = asList(await value(field));
          if (v === null) throw new Error(`${field} expression must give text or a list of texts`);
          return v;
        };
        const active = await value('active');
        if (active !== undefined && typeof active !== 'boolean')
          throw new Error(`active expression gave ${JSON.stringify(active)}, not true or false`);
        const admin = await value('admin');
        if (admin !== undefined && !['none', 'admin', 'system'].includes(String(admin)))
          throw new Error(`admin expression gave ${JSON.stringify(admin)}, not none, admin or system`);
        const fullname = await str('fullname');
        const email = await str('email');
        users.push({
          name,
          ...(fullname !== undefined ? { fullname } : {}),
          ...(email !== undefined ? { email } : {}),
          ...(source.password !== undefined ? { password: source.password } : {}),
          active: active === undefined ? true : active,
          ...(admin !== undefined ? { admin: admin as 'none' | 'admin' | 'system' } : {}),
          groups: await list('groups'),
          roles: await list('roles'),
          sendas: await list('sendas'),
          previousNames: [],
          hosts: source.hosts,
        });
      } catch (e) {
        problems.push({ file, path: where, message: (e as Error).message });
      }
    }
  }
  return users;
}
