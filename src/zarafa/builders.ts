// The argv of every zarafa-admin call zfleet makes. Pure: values are checked here, quoting happens once
// in ssh/quote.ts, passwords travel only on stdin (-P), and only short options are used for values
// (Kopano's long --password/--fullname/--email are broken in several releases).
import type { Secret } from '../core/secret.js';
import { checkValue, InvalidValueError } from './names.js';
import { MIB } from '../core/units.js';

export interface AdminCall {
  /** Arguments after the binary; the first is always --utf8 so non-ASCII values survive any locale. */
  readonly args: readonly string[];
  /** For -P: the two lines getpass() reads. Never logged. */
  readonly password?: Secret;
  /** Whether the call changes the server (for retries and dry runs). */
  readonly mutates: boolean;
}

export type AdminLevel = 0 | 1 | 2;

export interface Quota {
  readonly override: boolean;
  /** Bytes; zarafa-admin takes whole MiB, so values are rounded up to MiB. */
  readonly warn: number;
  readonly soft: number;
  readonly hard: number;
}

/** getpass() keeps 79 bytes (§4); a longer password, or one with a newline, could never be set. */
export const MAX_PASSWORD_BYTES = 79;

const call = (args: string[], mutates: boolean, password?: Secret): AdminCall => ({
  args: ['--utf8', ...args],
  mutates,
  ...(password ? { password } : {}),
});

export function checkPassword(password: Secret): Secret {
  const value = password.reveal();
  if (value.length === 0) throw new InvalidValueError('password is empty');
  if (/[\n\r\0]/.test(value))
    throw new InvalidValueError('password holds a newline or NUL, which -P cannot read');
  if (Buffer.byteLength(value, 'utf8') > MAX_PASSWORD_BYTES) {
    throw new InvalidValueError(
      `password is longer than ${MAX_PASSWORD_BYTES} bytes, which zarafa-admin -P cannot take`,
    );
  }
  return password;
}

function quotaArgs(q: Quota): string[] {
  if (!q.override) return ['--qo', 'no'];
  const mib = (bytes: number): string => String(Math.ceil(bytes / MIB));
  return ['--qo', 'yes', '--qw', mib(q.warn), '--qs', mib(q.soft), '--qh', mib(q.hard)];
}

export interface NewUser {
  readonly name: string;
  readonly fullname: string;
  readonly email: string;
  /** Active users need one; non-active (shared store) users have none. */
  readonly password?: Secret;
  readonly active: boolean;
  readonly admin?: AdminLevel;
  readonly quota?: Quota;
}

export function createUser(u: NewUser): AdminCall {
  const args = [
    '-c',
    checkValue('user name', u.name),
    '-f',
    checkValue('full name', u.fullname),
    '-e',
    checkValue('email address', u.email),
  ];
  if (u.admin !== undefined) args.push('-a', String(u.admin));
  if (u.quota) args.push(...quotaArgs(u.quota));
  if (!u.active) return call([...args, '-n', 'yes'], true);
  if (!u.password) throw new InvalidValueError(`active user "${u.name}" needs a password`);
  return call([...args, '-P'], true, checkPassword(u.password));
}

export interface UserChanges {
  readonly fullname?: string;
  readonly email?: string;
  readonly admin?: AdminLevel;
  readonly active?: boolean;
  readonly password?: Secret;
  readonly quota?: Quota;
}

export function updateUser(name: string, c: UserChanges): AdminCall {
  const args = ['-u', checkValue('user name', name)];
  if (c.fullname !== undefined) args.push('-f', checkValue('full name', c.fullname));
  if (c.email !== undefined) args.push('-e', checkValue('email address', c.email));
  if (c.admin !== undefined) args.push('-a', String(c.admin));
  if (c.active !== undefined) args.push('-n', c.active ? 'no' : 'yes');
  if (c.quota) args.push(...quotaArgs(c.quota));
  if (args.length === 2 && !c.password) throw new InvalidValueError(`nothing to update for user "${name}"`);
  if (c.password) return call([...args, '-P'], true, checkPassword(c.password));
  return call(args, true);
}

export const renameUser = (from: string, to: string): AdminCall =>
  call(['-u', checkValue('user name', from), '-U', checkValue('user name', to)], true);
export const deleteUser = (name: string): AdminCall => call(['-d', checkValue('user name', name)], true);
export const setFeature = (name: string, feature: string, enabled: boolean): AdminCall =>
  call(
    [
      '-u',
      checkValue('user name', name),
      enabled ? '--enable-feature' : '--disable-feature',
      checkValue('feature', feature),
    ],
    true,
  );

export function changeSendas(kind: 'user' | 'group', owner: string, sender: string, add: boolean): AdminCall {
  const ownerArgs =
    kind === 'user'
      ? ['-u', checkValue('user name', owner)]
      : ['--update-group', checkValue('group name', owner)];
  return call([...ownerArgs, add ? '--add-sendas' : '--del-sendas', checkValue('user name', sender)], true);
}

export function createGroup(name: string, email?: string): AdminCall {
  return call(
    ['-g', checkValue('group name', name), ...(email ? ['-e', checkValue('email address', email)] : [])],
    true,
  );
}

export const updateGroupEmail = (name: string, email: string): AdminCall =>
  call(['--update-group', checkValue('group name', name), '-e', checkValue('email address', email)], true);
export const deleteGroup = (name: string): AdminCall => call(['-G', checkValue('group name', name)], true);
export const addMember = (user: string, group: string): AdminCall =>
  call(['-b', checkValue('user name', user), '-i', checkValue('group name', group)], true);
export const removeMember = (user: string, group: string): AdminCall =>
  call(['-B', checkValue('user name', user), '-i', checkValue('group name', group)], true);

export const listUsers = (): AdminCall => call(['-l'], false);
export const listGroups = (): AdminCall => call(['-L'], false);
export const userDetails = (name: string): AdminCall =>
  call(['--details', checkValue('user name', name)], false);
export const groupDetails = (name: string): AdminCall =>
  call(['--details', checkValue('group name', name), '--type', 'group'], false);
export const listSendas = (kind: 'user' | 'group', name: string): AdminCall =>
  call(
    [
      '--list-sendas',
      checkValue(kind === 'user' ? 'user name' : 'group name', name),
      ...(kind === 'group' ? ['--type', 'group'] : []),
    ],
    false,
  );
export const version = (): AdminCall => ({ args: ['-V'], mutates: false });
