// Parsers for `-l`, `-L` and `--list-sendas` (§3.1-3.3, §3.6), both flavours.
import { outputLines, ParseError } from './parse-error.js';

export interface ListedUser {
  readonly name: string;
  /** Best effort: an empty fullname makes the later columns ambiguous; `--details` is authoritative. */
  readonly fullname: string;
}

/** A table row: leading TAB, cells separated by TAB runs, trailing TAB. TAB never occurs in a value. */
export function tableCells(line: string): string[] {
  return line.replace(/^\t/, '').replace(/\t$/, '').split(/\t+/);
}

const HYPHENS = /^\t-+$/;

export function parseUserList(stdout: string): ListedUser[] {
  const p = 'user list (-l)';
  const lines = outputLines(stdout);
  const title = /^User list for (.+)\((\d+)\):$/.exec(lines[0] ?? '');
  if (!title) throw new ParseError(p, 1, lines[0] ?? '', 'expected "User list for <company>(N):"');
  if (!/^\tUsername\t+Fullname\t+Homeserver\t$/.test(lines[1] ?? ''))
    throw new ParseError(p, 2, lines[1] ?? '', 'expected the Username/Fullname/Homeserver header');
  if (!HYPHENS.test(lines[2] ?? '')) throw new ParseError(p, 3, lines[2] ?? '', 'expected the hyphen rule');
  const users: ListedUser[] = [];
  let i = 3;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('\t')) throw new ParseError(p, i + 1, line, 'expected a table row');
    const [name = '', fullname = ''] = tableCells(line);
    if (name === '') throw new ParseError(p, i + 1, line, 'row without a username');
    users.push({ name, fullname });
  }
  if (i !== lines.length - 1)
    throw new ParseError(
      p,
      i + 1,
      lines[i] ?? '(end of output)',
      'expected the table to end with one empty line',
    );
  const count = Number(title[2]);
  if (count !== users.length)
    throw new ParseError(p, 1, lines[0] ?? '', `header says ${count} users, table has ${users.length}`);
  if (users[0]?.name !== 'SYSTEM') throw new ParseError(p, 4, lines[3] ?? '', 'expected SYSTEM first');
  return users.slice(1);
}

export function parseGroupList(stdout: string): string[] {
  const p = 'group list (-L)';
  const lines = outputLines(stdout);
  const title = /^Group list for (.+)\((\d+)\):$/.exec(lines[0] ?? '');
  if (!title) throw new ParseError(p, 1, lines[0] ?? '', 'expected "Group list for <company>(N):"');
  if (lines[1] !== '\tgroupname') throw new ParseError(p, 2, lines[1] ?? '', 'expected the groupname header');
  if (!HYPHENS.test(lines[2] ?? '')) throw new ParseError(p, 3, lines[2] ?? '', 'expected the hyphen rule');
  const names: string[] = [];
  let i = 3;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('\t') || line.length < 2)
      throw new ParseError(p, i + 1, line, 'expected "\\t<group>"');
    names.push(line.slice(1));
  }
  if (i !== lines.length - 1)
    throw new ParseError(
      p,
      i + 1,
      lines[i] ?? '(end of output)',
      'expected the list to end with one empty line',
    );
  if (Number(title[2]) !== names.length)
    throw new ParseError(p, 1, lines[0] ?? '', `header says ${title[2]} groups, list has ${names.length}`);
  if (names[0] !== 'Everyone') throw new ParseError(p, 4, lines[3] ?? '', 'expected Everyone first');
  return names.slice(1);
}

export interface SendasList {
  readonly kind: 'user' | 'group';
  readonly owner: string;
  readonly senders: string[];
}

export function parseSendasList(stdout: string): SendasList {
  const p = 'send-as list (--list-sendas)';
  const lines = outputLines(stdout);
  const title = /^Send-as list \((\d+)\) for (user|group) (.*):$/.exec(lines[0] ?? '');
  if (!title)
    throw new ParseError(p, 1, lines[0] ?? '', 'expected "Send-as list (N) for user|group <name>:"');
  if (!/^\tUsername\t+Fullname\t$/.test(lines[1] ?? ''))
    throw new ParseError(p, 2, lines[1] ?? '', 'expected the Username/Fullname header');
  if (!HYPHENS.test(lines[2] ?? '')) throw new ParseError(p, 3, lines[2] ?? '', 'expected the hyphen rule');
  const senders = lines.slice(3).map((line, k) => {
    if (!line.startsWith('\t')) throw new ParseError(p, k + 4, line, 'expected a table row');
    return tableCells(line)[0] as string;
  });
  if (Number(title[1]) !== senders.length)
    throw new ParseError(p, 1, lines[0] ?? '', `header says ${title[1]}, table has ${senders.length}`);
  return { kind: title[2] as 'user' | 'group', owner: title[3] as string, senders };
}
