// Parsers for `--details` of users and groups (§3.4, §3.5), both flavours and their version lines:
// "Label:<TABs>value" lines, the auto-accept line without a separator, the Mapped properties table,
// the quota block, and the Groups / Users lists. Unknown labels (later versions add some) are skipped.
import { outputLines, ParseError } from './parse-error.js';
import { tableCells } from './parse-lists.js';
import { MIB } from '../core/units.js';

export interface Quota {
  readonly override: boolean;
  /** Bytes; 0 = unlimited. */
  readonly warn: number;
  readonly soft: number;
  readonly hard: number;
}

export interface UserDetails {
  readonly name: string;
  readonly fullname: string;
  readonly email: string;
  readonly active: boolean;
  readonly admin: 0 | 1 | 2;
  readonly hidden: boolean;
  readonly autoAccept: boolean;
  readonly declineConflict: boolean;
  readonly declineRecurring: boolean;
  readonly enabledFeatures: string[];
  readonly disabledFeatures: string[];
  readonly quota: Quota;
  /** Real groups, without Everyone. */
  readonly groups: string[];
}

export interface GroupDetails {
  readonly name: string;
  readonly email: string;
  readonly hidden: boolean;
  readonly members: string[];
}

/** "unlimited" or "80.00 MB" (MiB with two decimals). */
export function parseSize(text: string): number | null {
  if (text === 'unlimited') return 0;
  const m = /^(\d+(?:\.\d+)?) MB$/.exec(text);
  return m ? Math.round(Number(m[1]) * MIB) : null;
}

function yesNo(parser: string, line: number, text: string, value: string): boolean {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new ParseError(parser, line, text, 'expected yes or no');
}

interface Cursor {
  readonly lines: string[];
  i: number;
}

/** Splits "Label:\t\tvalue"; the auto-accept line has no separator at all. */
function labelled(line: string): { label: string; value: string } | null {
  const colon = line.indexOf(':');
  if (colon <= 0 || line.startsWith('\t') || line.startsWith(' ')) return null;
  // The separator is TABs only: a value may itself start with spaces (a full name " x" is legal).
  return { label: line.slice(0, colon), value: line.slice(colon + 1).replace(/^\t+/, '') };
}

function readTableRows(c: Cursor): string[][] {
  const rows: string[][] = [];
  while (c.i < c.lines.length && (c.lines[c.i] as string).startsWith('\t'))
    rows.push(tableCells(c.lines[c.i++] as string));
  return rows;
}

function readFeatures(c: Cursor): { enabled: string[]; disabled: string[] } {
  const out = { enabled: [] as string[], disabled: [] as string[] };
  for (const [prop, value = ''] of readTableRows(c)) {
    const list = value === '' ? [] : value.split('; ');
    if (prop === 'PR_EC_ENABLED_FEATURES') out.enabled = list;
    else if (prop === 'PR_EC_DISABLED_FEATURES') out.disabled = list;
  }
  return out;
}

function readQuota(parser: string, c: Cursor): Quota {
  const values: Record<string, string> = {};
  while (c.i < c.lines.length && (c.lines[c.i] as string).startsWith(' ')) {
    const line = c.lines[c.i++] as string;
    const l = labelled(line.trimStart());
    if (!l) throw new ParseError(parser, c.i, line, 'expected a quota line');
    values[l.label] = l.value;
  }
  const size = (label: string): number => {
    const v = parseSize(values[label] ?? '');
    if (v === null) throw new ParseError(parser, c.i, values[label] ?? '', `cannot read ${label}`);
    return v;
  };
  return {
    override: yesNo(parser, c.i, values['Quota overrides'] ?? '', values['Quota overrides'] ?? ''),
    warn: size('Warning level'),
    soft: size('Soft level'),
    hard: size('Hard level'),
  };
}

/** "Groups (N):" followed by N "\t<name>" lines and an empty line. */
function readNameList(parser: string, c: Cursor, count: number): string[] {
  const names: string[] = [];
  while (c.i < c.lines.length && (c.lines[c.i] as string).startsWith('\t'))
    names.push((c.lines[c.i++] as string).slice(1));
  if (names.length !== count)
    throw new ParseError(parser, c.i, c.lines[c.i] ?? '', `expected ${count} names, found ${names.length}`);
  return names;
}

export function parseUserDetails(stdout: string): UserDetails {
  const p = 'user details (--details)';
  const c: Cursor = { lines: outputLines(stdout), i: 0 };
  const fields: Record<string, string> = {};
  let features = { enabled: [] as string[], disabled: [] as string[] };
  let quota: Quota | null = null;
  let groups: string[] = [];
  while (c.i < c.lines.length) {
    const line = c.lines[c.i] as string;
    if (line === '') {
      c.i++;
      continue;
    }
    if (line.startsWith('Auto-accept meeting req:')) {
      fields['Auto-accept meeting req'] = line.slice('Auto-accept meeting req:'.length);
      c.i++;
      continue;
    }
    const l = labelled(line);
    if (!l) throw new ParseError(p, c.i + 1, line, 'expected "Label: value"');
    c.i++;
    if (l.label === 'Mapped properties') features = readFeatures(c);
    else if (l.label === 'Current user store quota settings') quota = readQuota(p, c);
    else if (/^Groups \(\d+\)$/.test(l.label)) {
      groups = readNameList(p, c, Number(/\d+/.exec(l.label)?.[0]));
    } else fields[l.label] = l.value;
  }
  const need = (label: string): string => {
    const v = fields[label];
    if (v === undefined) throw new ParseError(p, c.lines.length, c.lines.at(-1) ?? '', `no "${label}:" line`);
    return v;
  };
  if (!quota) throw new ParseError(p, c.lines.length, '', 'no quota block');
  const admin = need('Administrator');
  if (!['no', 'yes', 'yes (system)'].includes(admin))
    throw new ParseError(p, 0, admin, 'cannot read Administrator');
  const auto = yesNo(p, 0, need('Auto-accept meeting req'), need('Auto-accept meeting req'));
  return {
    name: need('Username'),
    fullname: need('Fullname'),
    email: need('Emailaddress'),
    active: yesNo(p, 0, need('Active'), need('Active')),
    admin: admin === 'no' ? 0 : admin === 'yes' ? 1 : 2,
    hidden: need('Address book') === 'Hidden',
    autoAccept: auto,
    declineConflict: auto
      ? yesNo(p, 0, need('Decline dbl meetingreq'), need('Decline dbl meetingreq'))
      : false,
    declineRecurring: auto
      ? yesNo(p, 0, need('Decline recur meet.req'), need('Decline recur meet.req'))
      : false,
    enabledFeatures: features.enabled,
    disabledFeatures: features.disabled,
    quota,
    groups: groups.filter((g) => g !== 'Everyone'),
  };
}

export function parseGroupDetails(stdout: string): GroupDetails {
  const p = 'group details (--details --type group)';
  const c: Cursor = { lines: outputLines(stdout), i: 0 };
  const fields: Record<string, string> = {};
  let members: string[] = [];
  while (c.i < c.lines.length) {
    const line = c.lines[c.i] as string;
    if (line === '') {
      c.i++;
      continue;
    }
    const l = labelled(line);
    if (!l) throw new ParseError(p, c.i + 1, line, 'expected "Label: value"');
    c.i++;
    if (l.label === 'Mapped properties') readTableRows(c);
    else if (/^Users \(\d+\)$/.test(l.label)) {
      const count = Number(/\d+/.exec(l.label)?.[0]);
      const header = c.lines[c.i] ?? '';
      if (!/^\tUsername\t+Fullname\t+Homeserver\t$/.test(header))
        throw new ParseError(p, c.i + 1, header, 'expected the member table header');
      c.i += 2;
      members = readTableRows(c).map((r) => r[0] as string);
      if (members.length !== count)
        throw new ParseError(
          p,
          c.i,
          c.lines[c.i] ?? '',
          `expected ${count} members, found ${members.length}`,
        );
    } else fields[l.label] = l.value;
  }
  const name = fields['Groupname'];
  if (name === undefined) throw new ParseError(p, 1, c.lines[0] ?? '', 'no "Groupname:" line');
  return { name, email: fields['Emailaddress'] ?? '', hidden: fields['Address book'] === 'Hidden', members };
}
