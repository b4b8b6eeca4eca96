// Parsers against the emulator's own transcripts (the same bytes its tests check), in both flavours.
import { describe, expect, it } from 'vitest';
import { parseVersion } from '../../../src/cli/commands/ping.js';
import { classifyAdminResult } from '../../../src/zarafa/classify.js';
import { parseGroupDetails, parseUserDetails } from '../../../src/zarafa/parse-details.js';
import { ParseError } from '../../../src/zarafa/parse-error.js';
import { parseGroupList, parseSendasList, parseUserList } from '../../../src/zarafa/parse-lists.js';
import { stepOutput } from '../../support/transcript-steps.js';

const MIB = 1024 * 1024;

describe.each(['zarafa', 'kopano'] as const)('%s parsers', (flavour) => {
  const out = (file: string, command: string, nth = 0): string =>
    stepOutput(flavour, file, command, nth).stdout;

  it('reads -l in creation order without SYSTEM', () => {
    expect(parseUserList(out('users.t', '-l', 1))).toEqual([
      { name: 'alice', fullname: 'Alice Smith' },
      { name: 'bob', fullname: 'Bob Jones' },
    ]);
    expect(parseUserList(out('users.t', '-l', 0))).toEqual([]);
  });

  it('reads names with spaces, option-like names, shell characters, non-ASCII and very long fullnames', () => {
    expect(parseUserList(out('names.t', '-l'))).toEqual([
      { name: 'john smith', fullname: 'John Smith' },
      { name: '-d', fullname: 'Dash D' },
      { name: '--help', fullname: 'Dash Help' },
      { name: "o'brien", fullname: "Miles O'Brien" },
      { name: 'jürgen', fullname: 'Jürgen Müller' },
      { name: 'zoë', fullname: 'Zoë 山田' },
      { name: 'long', fullname: 'A Very Long Full Name That Pushes The Column Much Further Right' },
      { name: 'a$b;c|d', fullname: '`cmd` $(x) && y' },
    ]);
  });

  it('reads -L without Everyone', () => {
    expect(parseGroupList(out('groups.t', '-L', 1))).toEqual(['sales', 'support']);
    expect(parseGroupList(out('groups.t', '-L', 0))).toEqual([]);
  });

  it('reads user details: stored spelling, flags, features, quota, groups', () => {
    const d = parseUserDetails(out('users.t', '--details ALICE'));
    expect(d).toEqual({
      name: 'alice',
      fullname: 'Alice Smith',
      email: 'alice@example.org',
      active: true,
      admin: 0,
      hidden: false,
      autoAccept: false,
      declineConflict: false,
      declineRecurring: false,
      enabledFeatures: flavour === 'zarafa' ? [] : ['mobile', 'outlook'],
      disabledFeatures: ['imap', 'pop3'],
      quota: { override: false, warn: 0, soft: 0, hard: 0 },
      groups: [],
    });
    expect(parseUserDetails(out('membership.t', '--details alice')).groups).toEqual(['sales', 'staff']);
    expect(parseUserDetails(out('misc.t', '--details a3')).admin).toBe(2);
    expect(parseUserDetails(out('misc.t', '--details room')).active).toBe(false);
    expect(parseUserDetails(out('misc.t', '--details a1', 1))).toMatchObject({
      autoAccept: true,
      declineConflict: true,
      declineRecurring: false,
      admin: 1,
    });
    expect(parseUserDetails(out('quota.t', '--details alice', 0)).quota).toEqual({
      override: true,
      warn: 80 * MIB,
      soft: 90 * MIB,
      hard: 100 * MIB,
    });
    expect(parseUserDetails(out('features.t', '--details alice', 1))).toMatchObject({
      enabledFeatures: flavour === 'zarafa' ? ['pop3'] : ['mobile', 'outlook', 'pop3'],
      disabledFeatures: ['imap'],
    });
    expect(parseUserDetails(out('names.t', '--details -d')).name).toBe('-d');
    expect(parseUserDetails(out('names.t', "--details ' lead'"))).toMatchObject({
      name: ' lead',
      fullname: '  Two Spaces',
    });
  });

  it('reads group details with and without members', () => {
    expect(parseGroupDetails(out('membership.t', '--details sales --type group', 0))).toEqual({
      name: 'sales',
      email: '',
      hidden: false,
      members: ['alice', 'bob'],
    });
    expect(parseGroupDetails(out('membership.t', '--details staff --type group'))).toEqual({
      name: 'staff',
      email: '',
      hidden: false,
      members: [],
    });
    expect(parseGroupDetails(out('groups.t', '--details sales --type group', 1)).email).toBe(
      'sales@example.org',
    );
  });

  it('reads send-as lists, empty or not', () => {
    expect(parseSendasList(out('sendas.t', '--list-sendas alice', 1))).toEqual({
      kind: 'user',
      owner: 'alice',
      senders: ['bob'],
    });
    expect(parseSendasList(out('sendas.t', '--list-sendas alice', 0))).toEqual({
      kind: 'user',
      owner: 'alice',
      senders: [],
    });
    expect(parseSendasList(out('sendas.t', '--list-sendas sales --type group', 0))).toEqual({
      kind: 'group',
      owner: 'sales',
      senders: ['alice'],
    });
  });

  it('reads the version', () => {
    const v = stepOutput(
      flavour,
      flavour === 'zarafa' ? 'prechecks.t' : 'misc.t',
      flavour === 'zarafa' ? '-V' : '--version',
    );
    expect(parseVersion(v.stdout)).toBe(flavour === 'zarafa' ? '7,2,0,48204' : '8.5.0');
  });

  it('classifies failures by exit code first, then the stable words of stderr', () => {
    const cls = (file: string, command: string, nth = 0): string => {
      const r = stepOutput(flavour, file, command, nth);
      return classifyAdminResult(r.exitCode, r.stderr);
    };
    expect(cls('users.t', "-c ALICE -p x -f 'Other Alice' -e a2@example.org")).toBe('already-exists');
    expect(cls('users.t', "-u carol -f 'Carol'")).toBe('not-found');
    expect(cls('plugins.t', "-c bob -p pw -f 'Bob' -e bob@example.org")).toBe('not-supported');
    expect(cls('faults.t', '-l')).toBe('server-down');
    expect(cls('password-prompt.t', "-c bob -P -f 'Bob' -e bob@example.org")).toBe('password-mismatch');
    expect(cls('prechecks.t', "-c 'tab\tname' -p pw -f 'T' -e t@example.org")).toBe('invalid-input');
    expect(cls('groups.t', '--update-group Everyone -e all@example.org')).toBe('no-access');
    expect(cls('users.t', '-l')).toBe('ok');
    expect(classifyAdminResult(127, 'sh: 1: zarafa-admin: not found\n')).toBe('command-not-found');
    expect(classifyAdminResult(124, '')).toBe('timeout');
  });

  it('refuses truncated or garbage output with the parser, line and excerpt', () => {
    const truncated = stepOutput(flavour, 'faults.t', '-l', 2).stdout;
    expect(() => parseUserList(truncated)).toThrow(ParseError);
    expect(() => parseUserList(truncated)).toThrow(/^user list \(-l\): line \d+: expected .*: "/);
    const garbage = stepOutput(flavour, 'faults.t', '-l', 3).stdout;
    expect(() => parseUserList(garbage)).toThrow(/line 1: expected "User list for <company>\(N\):"/);
    expect(() => parseUserDetails('Username:\t\ta\n')).toThrow(ParseError);
    expect(() =>
      parseGroupList(
        'Group list for Default(3):\n\tgroupname\n\t-------------------------------------\n\tEveryone\n\n',
      ),
    ).toThrow(/header says 3 groups, list has 1/);
  });
});

describe('later Kopano versions (hand-written from the spec, §7)', () => {
  it('skips the lines 8.7 and 9.x add and reads the rest', () => {
    const out = [
      'Object id:\t\t00000000AC21A95040BA45BA8BB4B6E3',
      'Username:\t\tbob',
      'Fullname:\t\tBob',
      'Emailaddress:\t\tbob@example.org',
      'Active:\t\t\tyes',
      'Administrator:\t\tyes',
      'Address book:\t\tVisible to current user',
      'Auto-accept meeting req:no',
      'Auto-process meeting req:no',
      'Out Of Office:          disabled',
      'Server version:\t\t8.7.12',
      'Mapped properties:',
      '\tPR_EC_ENABLED_FEATURES\tmobile; outlook; webapp\t',
      '\tPR_EC_DISABLED_FEATURES\timap; pop3\t',
      'Current user store quota settings:',
      ' Quota overrides:\tno',
      ' Warning level:\t\tunlimited',
      ' Soft level:\t\tunlimited',
      ' Hard level:\t\tunlimited',
      'Current store size:\t12.50 MB',
      'Groups (2):',
      '\tEveryone',
      '\tstaff',
      '',
      '',
    ].join('\n');
    expect(parseUserDetails(out)).toMatchObject({
      name: 'bob',
      admin: 1,
      hidden: false,
      enabledFeatures: ['mobile', 'outlook', 'webapp'],
      groups: ['staff'],
    });
  });
});
