// Reads and checks a desired-state file: zod's shape, then Zarafa's rules (case-insensitive names,
// SYSTEM/Everyone reserved, role/group clashes, an email for everyone, known references), then the
// passwords it names. Every problem at once, with the file and the path; no partial result.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import type { Problem } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import { formatIssuePath } from '../core/units.js';
import { MAX_PASSWORD_BYTES } from '../zarafa/builders.js';
import { valueProblem } from '../zarafa/names.js';
import { desiredSchema } from './schema.js';
import { usersFromSources } from './sources.js';
import type { DesiredFile, PasswordRef } from './schema.js';

export const MAX_DESIRED_BYTES = 64 * 1024 * 1024;

export interface DesiredState {
  readonly file: string;
  readonly spec: DesiredFile;
  /** Passwords resolved from {env}/{file}/literals, by user name (upper-cased). */
  readonly passwords: ReadonlyMap<string, Secret>;
}

export async function parseDesiredText(
  text: string,
  file: string,
): Promise<{ spec: DesiredFile | null; problems: Problem[] }> {
  const problems: Problem[] = [];
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  for (const e of doc.errors)
    problems.push({ file, path: '', message: e.message.split('\n')[0] ?? 'bad YAML' });
  if (problems.length) return { spec: null, problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { spec: null, problems: [{ file, path: '', message: (e as Error).message }] };
  }
  const parsed = desiredSchema.safeParse(data);
  if (!parsed.success) {
    return {
      spec: null,
      problems: parsed.error.issues.map((i) => ({ file, path: formatIssuePath(i.path), message: i.message })),
    };
  }
  const sourceProblems: Problem[] = [];
  const fromSources = await usersFromSources(parsed.data.sources, dirname(file), file, sourceProblems);
  const spec: DesiredFile = { ...parsed.data, users: [...parsed.data.users, ...fromSources] };
  return { spec, problems: [...sourceProblems, ...checkRules(spec, file)] };
}

function checkRules(spec: DesiredFile, file: string): Problem[] {
  const problems: Problem[] = [];
  const p = (path: string, message: string): void => void problems.push({ file, path, message });
  const prefix = spec.policy.rolePrefix;
  const seen = new Map<string, string>();
  const claim = (kind: string, value: string, path: string): void => {
    const key = `${kind === 'user' ? 'user' : 'group'}:${value.toUpperCase()}`;
    const other = seen.get(key);
    if (other)
      p(path, `"${value}" differs only in case from ${other} (Zarafa compares names case-insensitively)`);
    else seen.set(key, `${path} "${value}"`);
  };
  spec.groups.forEach((g, i) => {
    const problem = valueProblem('group name', g.name);
    if (problem) p(`groups[${i}].name`, problem);
    claim('group', g.name, `groups[${i}].name`);
  });
  spec.roles.forEach((r, i) => {
    const groupName = prefix + r.name;
    const problem = valueProblem('group name', groupName);
    if (problem) p(`roles[${i}].name`, problem);
    const key = `group:${groupName.toUpperCase()}`;
    if (seen.has(key))
      p(
        `roles[${i}].name`,
        `role "${r.name}" becomes group "${groupName}", which clashes with ${seen.get(key)}`,
      );
    else seen.set(key, `roles[${i}].name "${r.name}"`);
  });
  const groupNames = new Set(spec.groups.map((g) => g.name.toUpperCase()));
  const roleNames = new Set(spec.roles.map((r) => r.name.toUpperCase()));
  const userNames = new Set(spec.users.map((u) => u.name.toUpperCase()));
  if (spec.policy.adminRole && !roleNames.has(spec.policy.adminRole.toUpperCase())) {
    p('policy.adminRole', `role "${spec.policy.adminRole}" is not defined under roles`);
  }
  spec.users.forEach((u, i) => {
    const at = `users[${i}]`;
    const problem = valueProblem('user name', u.name);
    if (problem) p(`${at}.name`, problem);
    claim('user', u.name, `${at}.name`);
    if (u.fullname !== undefined && valueProblem('full name', u.fullname))
      p(`${at}.fullname`, valueProblem('full name', u.fullname) as string);
    if (u.email === undefined && !spec.policy.emailDomain)
      p(`${at}.email`, 'no email and no policy.emailDomain to make one from');
    if (u.email !== undefined && valueProblem('email address', u.email))
      p(`${at}.email`, valueProblem('email address', u.email) as string);
    u.groups.forEach(
      (g, k) =>
        groupNames.has(g.toUpperCase()) ||
        p(`${at}.groups[${k}]`, `group "${g}" is not defined under groups`),
    );
    u.roles.forEach(
      (r, k) =>
        roleNames.has(r.toUpperCase()) || p(`${at}.roles[${k}]`, `role "${r}" is not defined under roles`),
    );
    u.sendas.forEach(
      (s, k) =>
        userNames.has(s.toUpperCase()) || p(`${at}.sendas[${k}]`, `user "${s}" is not defined under users`),
    );
    if (u.active && u.password === undefined)
      p(`${at}.password`, 'an active user needs a password ({env: VAR} or {file: PATH})');
    if (typeof u.password === 'string' && !spec.policy.allowLiteralPasswords) {
      p(
        `${at}.password`,
        'a literal password in the file is refused; use {env: VAR} or {file: PATH}, or set policy.allowLiteralPasswords',
      );
    }
  });
  spec.groups.forEach((g, i) =>
    g.sendas.forEach(
      (s, k) =>
        userNames.has(s.toUpperCase()) ||
        p(`groups[${i}].sendas[${k}]`, `user "${s}" is not defined under users`),
    ),
  );
  return problems;
}

function resolvePassword(
  ref: PasswordRef,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | { problem: string } {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const v = env[ref.env];
    return v === undefined || v === '' ? { problem: `environment variable ${ref.env} is not set` } : v;
  }
  const path = resolve(baseDir, ref.file);
  if (!existsSync(path)) return { problem: `password file ${path} does not exist` };
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

export async function loadDesired(
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<DesiredState> {
  const file = resolve(path);
  let text: string;
  try {
    if (statSync(file).size > MAX_DESIRED_BYTES)
      throw new ConfigError([{ file, path: '', message: `larger than ${MAX_DESIRED_BYTES} bytes` }]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([
      {
        file,
        path: '',
        message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      },
    ]);
  }
  const { spec, problems } = await parseDesiredText(text, file);
  const passwords = new Map<string, Secret>();
  spec?.users.forEach((u, i) => {
    if (u.password === undefined) return;
    const r = resolvePassword(u.password, dirname(file), env);
    if (typeof r !== 'string')
      return void problems.push({ file, path: `users[${i}].password`, message: r.problem });
    if (/[\n\r\0]/.test(r) || Buffer.byteLength(r) > MAX_PASSWORD_BYTES) {
      return void problems.push({
        file,
        path: `users[${i}].password`,
        message: `must be one line of at most ${MAX_PASSWORD_BYTES} bytes`,
      });
    }
    passwords.set(u.name.toUpperCase(), new Secret(r));
  });
  if (problems.length > 0 || !spec) throw new ConfigError(problems);
  return { file, spec, passwords };
}
