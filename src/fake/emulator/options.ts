// From getopt's items to zarafa-admin's variables, in argv order: last-wins mode, the input validator
// (which turns a bad value into "not given"), -a/-n/--qo value parsing and the one-feature rule.
import type { Flavour } from './flavour.js';
import { getoptLong } from './getopt.js';
import { MIB } from './model.js';
import { isValidInput } from './validate.js';

export type Mode =
  | 'createUser'
  | 'updateUser'
  | 'deleteUser'
  | 'createGroup'
  | 'updateGroup'
  | 'deleteGroup'
  | 'addMember'
  | 'removeMember'
  | 'listUsers'
  | 'listGroups'
  | 'details'
  | 'listSendas'
  | 'sync'
  | 'help'
  | 'publicStore'
  | `unsupported:${string}`;

/** -1 = not given, as in the C code. */
export type TriState = -1 | 0 | 1;

export interface Options {
  mode: Mode | null;
  /** null = not given or rejected by the validator; '' = given empty. */
  username: string | null;
  groupname: string | null;
  password: string | null;
  passwordPrompt: boolean;
  fullname: string | null;
  email: string | null;
  newUsername: string | null;
  company: string | null;
  admin: number;
  nonActive: TriState;
  quotaOverride: TriState;
  /** Levels in bytes, -1 = not given. */
  quotaWarn: number;
  quotaSoft: number;
  quotaHard: number;
  mrAccept: TriState;
  mrDeclineConflict: TriState;
  mrDeclineRecurring: TriState;
  feature: { readonly name: string; readonly enable: boolean } | null;
  addSendas: string | null;
  delSendas: string | null;
  type: string | null;
  lang: boolean;
  configFile: string | null;
  host: string | null;
  help: boolean;
  /** Set when -V was met: the program prints the version and stops there. */
  version: boolean;
}

export interface ParseOutcome {
  readonly options: Options;
  readonly operands: readonly string[];
  /** stderr lines written while parsing (getopt complaints, invalid input, feature notes). */
  readonly stderr: readonly string[];
}

/** `y...` or `1...` is yes (§2.10 -n, --qo, --mr-*). */
export function parseYes(value: string): 0 | 1 {
  return value.startsWith('y') || value.startsWith('1') ? 1 : 0;
}

/** C atoi: leading white space, an optional sign, then digits; anything else stops it. */
export function atoi(value: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(value);
  return match ? Number.parseInt(match[1] as string, 10) : 0;
}

/** -a: atoi; 0 falls back to the y/1 prefix test; otherwise capped at 2 (§2.10). */
export function parseAdminLevel(value: string): number {
  const n = atoi(value);
  if (n === 0) return parseYes(value);
  return Math.min(2, n);
}

const ACTION_MODES: Record<string, Mode> = {
  '-c': 'createUser',
  '-u': 'updateUser',
  '-d': 'deleteUser',
  '-g': 'createGroup',
  '--update-group': 'updateGroup',
  '-G': 'deleteGroup',
  '-b': 'addMember',
  '-B': 'removeMember',
  '--details': 'details',
  '--list-sendas': 'listSendas',
};

/** Options that set the mode and carry the username. */
const USERNAME_ACTIONS = new Set(['-c', '-u', '-d', '-b', '-B', '--details', '--list-sendas']);
const GROUPNAME_ACTIONS = new Set(['-g', '-G', '--update-group', '-i']);

const UNSUPPORTED = new Set([
  '--list-orphans',
  '--list-companies',
  '--list-view',
  '--list-admin',
  '--purge-deferred',
  '--clear-cache',
  '--force-resync',
  '--user-count',
  '--list-userquota-recipients',
  '--list-companyquota-recipients',
  '--create-store',
  '--remove-store',
  '--hook-store',
  '--unhook-store',
  '--copyto-public',
  '--create-company',
  '--update-company',
  '--delete-company',
  '--add-to-viewlist',
  '--del-from-viewlist',
  '--add-to-adminlist',
  '--del-from-adminlist',
  '--set-system-admin',
  '--add-userquota-recipient',
  '--del-userquota-recipient',
  '--add-companyquota-recipient',
  '--del-companyquota-recipient',
  '--purge-softdelete',
  '--reset-folder-count',
]);

function initialOptions(): Options {
  return {
    mode: null,
    username: null,
    groupname: null,
    password: null,
    passwordPrompt: false,
    fullname: null,
    email: null,
    newUsername: null,
    company: null,
    admin: -1,
    nonActive: -1,
    quotaOverride: -1,
    quotaWarn: -1,
    quotaSoft: -1,
    quotaHard: -1,
    mrAccept: -1,
    mrDeclineConflict: -1,
    mrDeclineRecurring: -1,
    feature: null,
    addSendas: null,
    delSendas: null,
    type: null,
    lang: false,
    configFile: null,
    host: null,
    help: false,
    version: false,
  };
}

export function parseOptions(argv: readonly string[], flavour: Flavour, utf8Locale: boolean): ParseOutcome {
  const { items, operands } = getoptLong(
    argv,
    flavour.shortSpec,
    flavour.longOptions,
    flavour.binary,
    flavour.getopt,
  );
  const o = initialOptions();
  const stderr: string[] = [];
  let utf8 = utf8Locale;
  const valid = (value: string): string | null => {
    if (isValidInput(value, utf8)) return value;
    stderr.push(`Invalid input '${value}' found.`);
    return null;
  };
  const megabytes = (value: string): number => atoi(value) * MIB;

  for (const item of items) {
    if (item.kind === 'complaint') {
      stderr.push(item.text);
      continue;
    }
    const { name } = item;
    const value = item.value ?? '';
    if (name === '-V' || name === '--version') {
      o.version = true;
      break;
    }
    if (name in ACTION_MODES) o.mode = ACTION_MODES[name] as Mode;
    if (USERNAME_ACTIONS.has(name)) o.username = valid(value);
    if (GROUPNAME_ACTIONS.has(name)) o.groupname = valid(value);
    if (UNSUPPORTED.has(name)) o.mode = `unsupported:${name}`;
    switch (name) {
      case '-l':
      case '--list-users':
        o.mode = 'listUsers';
        break;
      case '-L':
      case '--list-groups':
        o.mode = 'listGroups';
        break;
      case '-s':
        o.mode = 'publicStore';
        break;
      case '--sync':
        o.mode = 'sync';
        break;
      case '--help':
        o.mode = 'help';
        break;
      case '-p':
        o.password = valid(value);
        break;
      case '-P':
      case '--password':
        o.passwordPrompt = true;
        break;
      case '-f':
        o.fullname = valid(value);
        break;
      case '-e':
        o.email = valid(value);
        break;
      case '-U':
        o.newUsername = valid(value);
        break;
      case '-I':
        o.company = valid(value);
        break;
      case '-a':
        o.admin = parseAdminLevel(value);
        break;
      case '-n':
        o.nonActive = parseYes(value);
        break;
      case '--qo':
        o.quotaOverride = parseYes(value);
        break;
      case '--qw':
        o.quotaWarn = megabytes(value);
        break;
      case '--qs':
        o.quotaSoft = megabytes(value);
        break;
      case '--qh':
        o.quotaHard = megabytes(value);
        break;
      case '--mr-accept':
        o.mrAccept = parseYes(value);
        break;
      case '--mr-decline-conflict':
        o.mrDeclineConflict = parseYes(value);
        break;
      case '--mr-decline-recurring':
        o.mrDeclineRecurring = parseYes(value);
        break;
      case '--add-sendas':
        o.addSendas = valid(value);
        break;
      case '--del-sendas':
        o.delSendas = valid(value);
        break;
      case '--type':
        o.type = value;
        break;
      case '--lang':
        o.lang = true;
        break;
      case '--config':
        o.configFile = value;
        break;
      case '-h':
      case '--host':
        o.host = value;
        break;
      case '--utf8':
        utf8 = true;
        break;
      case '--enable-feature':
      case '--disable-feature':
        pickFeature(value, name === '--enable-feature');
        break;
    }
  }
  return { options: o, operands, stderr };

  function pickFeature(value: string, enable: boolean): void {
    const known = flavour.features.find((f) => f === value.toLowerCase());
    if (!known) {
      stderr.push(`${value} is not a valid ${flavour.featureWord} feature`);
      return;
    }
    if (o.feature) {
      stderr.push('Only one feature can be enabled/disabled at a time');
      return;
    }
    o.feature = { name: known, enable };
  }
}
