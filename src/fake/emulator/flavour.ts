// The two emulated products and every text that differs between them. zarafa = ZCP 7.2.0 (the spec's
// baseline); kopano = kopano-admin 8.5.x (the "Kopano 8.4-8.6" band before 8.6's additions, see README).
import type { GetoptTexts, LongOption } from './getopt.js';

export type FlavourName = 'zarafa' | 'kopano';

/** A MAPI error as getMapiCodeString renders it (§3.9). */
export type MapiCode =
  | { readonly kind: 'notFound'; readonly name: string }
  | { readonly kind: 'exists'; readonly name: string }
  | { readonly kind: 'noAccess'; readonly name: string }
  | { readonly kind: 'license' }
  | { readonly kind: 'noSupport' }
  | { readonly kind: 'other'; readonly message: string; readonly hr: number };

/** Modes whose pre-connection "missing information" check has a text. */
export type MissingMode =
  | 'createUser'
  | 'updateUser'
  | 'deleteUser'
  | 'createGroup'
  | 'updateGroup'
  | 'deleteGroup'
  | 'addMember'
  | 'removeMember'
  | 'details'
  | 'listSendas';

/** The parts a "missing" text may name (Kopano names them; ZCP 7.2.0 does not). */
export type MissingPart = 'username' | 'password' | 'email' | 'fullname' | 'groupname';

export type EmptyField = 'username' | 'password' | 'company' | 'groupname' | 'fullname' | 'email';

export interface Flavour {
  readonly name: FlavourName;
  readonly binary: string;
  readonly shortSpec: string;
  readonly longOptions: readonly LongOption[];
  readonly getopt: GetoptTexts;
  readonly versionText: string;
  readonly versionExitCode: 0 | 1;
  readonly features: readonly string[];
  readonly defaultDisabledFeatures: readonly string[];
  readonly defaultServerName: string;
  readonly socketEnv: string;
  readonly defaultSocket: string;
  readonly retypePrompt: string;
  /** Kopano 8.3+ resolves the user of -u/-d/-b/-B once, before the action. */
  readonly resolvesUserFirst: boolean;
  /** ZCP 7.x shows the feature rows in group details; Kopano 8.2+ drops them. */
  readonly groupFeatureRows: boolean;
  /** ZCP 7.2.2+ and Kopano print an Out Of Office line in user details. */
  readonly outOfOfficeLine: boolean;
  readonly featureWord: string;
  code(code: MapiCode): string;
  /** "Unable to create user" + code, with the flavour's separator. */
  fail(what: string, code: MapiCode): string;
  /** The separator after "Unable to update user" and friends in composite texts. */
  readonly sep: string;
  quote(name: string): string;
  empty(field: EmptyField): string;
  readonly noCommand: string;
  missing(mode: MissingMode, parts: readonly MissingPart[]): string;
  sessionFailure(cause: 'network' | 'access' | 'unknown', path: string): readonly string[];
  /** Lines after any failure that happened once connected (Kopano's hint to use -v). */
  readonly afterConnectedFailure: readonly string[];
  /** Lines after a failed create (Kopano: "Check server.log for details."). */
  readonly afterCreateFailure: readonly string[];
  readonly manPage: string;
  /** The tool the --lang refusal points to. */
  readonly localeTool: string;
}

const COMMON_LONG: readonly LongOption[] = [
  ...[
    'help',
    'sync',
    'list-orphans',
    'list-companies',
    'list-view',
    'list-admin',
    'purge-deferred',
    'clear-cache',
  ]
    .concat([
      'utf8',
      'force-resync',
      'user-count',
      'list-userquota-recipients',
      'list-companyquota-recipients',
    ])
    .map((name) => ({ name, arg: 'none' as const })),
  ...[
    'details',
    'type',
    'qo',
    'qh',
    'qs',
    'qw',
    'udqo',
    'udqh',
    'udqs',
    'udqw',
    'lang',
    'mr-accept',
    'mr-decline-conflict',
    'mr-decline-recurring',
    'add-sendas',
    'del-sendas',
    'list-sendas',
    'update-group',
    'create-store',
    'remove-store',
    'hook-store',
    'unhook-store',
    'copyto-public',
    'create-company',
    'update-company',
    'delete-company',
    'add-to-viewlist',
    'del-from-viewlist',
    'add-to-adminlist',
    'del-from-adminlist',
    'set-system-admin',
    'add-userquota-recipient',
    'del-userquota-recipient',
    'add-companyquota-recipient',
    'del-companyquota-recipient',
    'purge-softdelete',
    'enable-feature',
    'disable-feature',
    'config',
    'host',
    'reset-folder-count',
  ].map((name) => ({ name, arg: 'required' as const })),
];

const NO_SUPPORT_HR = 0x80040102;

function hex(hr: number): string {
  return '0x' + hr.toString(16).toUpperCase().padStart(8, '0');
}

function renderCode(code: MapiCode, quote: (name: string) => string): string {
  switch (code.kind) {
    case 'notFound':
      return `${quote(code.name)} not found`;
    case 'exists':
      return `${quote(code.name)} already exists`;
    case 'noAccess':
      return `no access ${quote(code.name)}`;
    case 'license':
      return 'please check your license';
    case 'noSupport':
      return `action not supported by server (${hex(NO_SUPPORT_HR)})`;
    case 'other':
      return `${code.message} (${hex(code.hr)})`;
  }
}

const SESSION_CAUSES = {
  network: { message: 'network error', hr: 0x80040115 },
  access: { message: 'no access', hr: 0x80070005 },
  unknown: { message: 'call failed', hr: 0x80004005 },
} as const;

const zarafaMissing: Record<MissingMode, string> = {
  createUser: 'Missing information to create user.',
  updateUser: 'Missing information to update user.',
  deleteUser: 'Missing information to delete user.',
  createGroup: 'Missing information to create group.',
  updateGroup: 'Missing information to update group.',
  deleteGroup: 'Missing information to delete group.',
  addMember: 'Missing information to add user to group.',
  removeMember: 'Missing information to remove user from group.',
  details: 'Missing information to show user details.',
  listSendas: 'Missing information to show sendas list.',
};

const zarafaEmpty: Record<EmptyField, string> = {
  username: 'Username cannot be empty',
  password: 'Password cannot be empty',
  company: 'Companyname cannot be empty',
  groupname: 'Groupname cannot be empty',
  fullname: 'Fullname cannot be empty',
  email: 'Email address cannot be empty',
};

export const zarafa: Flavour = {
  name: 'zarafa',
  binary: 'zarafa-admin',
  shortSpec: 'VlLsc:u:d:U:Pp:f:e:a:h:g:G:b:B:i:I:n:v',
  longOptions: COMMON_LONG,
  getopt: {
    illegalShort: (p, o) => `${p}: illegal option -- ${o}`,
    missingShort: (p, o) => `${p}: option requires an argument -- ${o}`,
    unrecognizedLong: (p, o) => `${p}: unrecognized option \`${o}'`,
    missingLong: (p, o) => `${p}: option requires an argument -- ${o}`,
    ambiguousLong: (p, o) => `${p}: option \`${o}' is ambiguous`,
    unexpectedArgument: (p, o) => `${p}: option \`--${o}' doesn't allow an argument`,
  },
  versionText: 'Product version:\t7,2,0,48204\nFile version:\t\t48204\n',
  versionExitCode: 1,
  features: ['imap', 'pop3'],
  defaultDisabledFeatures: ['imap', 'pop3'],
  defaultServerName: 'Zarafa',
  socketEnv: 'ZARAFA_SOCKET',
  defaultSocket: 'file:///var/run/zarafa',
  retypePrompt: 'Retype password:',
  resolvesUserFirst: false,
  groupFeatureRows: true,
  outOfOfficeLine: false,
  featureWord: 'zarafa',
  sep: ', ',
  quote: (name) => name,
  code: (c) => renderCode(c, (n) => n),
  fail: (what, c) => `${what}, ${renderCode(c, (n) => n)}`,
  empty: (field) => zarafaEmpty[field],
  noCommand: 'No correct command given.',
  missing: (mode) => zarafaMissing[mode],
  sessionFailure: (cause, path) => {
    const causeLine = {
      network: `The server is not running, or not accessable through ${path}.`,
      access: `Access was denied on ${path}.`,
      unknown: `Unknown cause ${hex(SESSION_CAUSES.unknown.hr)}.`,
    }[cause];
    return ['Unable to open Admin session.', causeLine];
  },
  afterConnectedFailure: [],
  afterCreateFailure: [],
  manPage: "Please read zarafa-admin(1) for detailed information by typing 'man zarafa-admin'.",
  localeTool: 'zarafa-set-locale',
};

const kopanoEmpty: Record<EmptyField, string> = {
  username: 'Username (-u) cannot be empty',
  password: 'Password (-p) cannot be empty',
  company: 'Companyname (-I) cannot be empty',
  groupname: 'Groupname (-g) cannot be empty',
  fullname: 'Fullname (-f) cannot be empty',
  email: 'Email address (-e) cannot be empty',
};

const kopanoPartNames: Record<MissingPart, string> = {
  username: 'username (-u)',
  password: 'password (-p)',
  email: 'email address (-e)',
  fullname: 'full name (-f)',
  groupname: 'group name (-i)',
};

function kopanoMissing(mode: MissingMode, parts: readonly MissingPart[]): string {
  if (parts.length === 0) return zarafaMissing[mode];
  const named = parts.map((p) => kopanoPartNames[p]).join(' ');
  switch (mode) {
    case 'createUser':
      return `Missing information to create user: ${named}`;
    case 'deleteUser':
      return 'Missing username (-u) to delete.';
    case 'createGroup':
      return 'Missing name of group (-g) to create.';
    case 'deleteGroup':
      return 'Missing name of group (-G) to delete.';
    case 'addMember':
      return `Missing information to add user to group: ${named}`;
    case 'removeMember':
      return `Missing information to remove user from group: ${named}`;
    default:
      return zarafaMissing[mode];
  }
}

const kopanoQuote = (name: string): string => `"${name}"`;

export const kopano: Flavour = {
  name: 'kopano',
  binary: 'kopano-admin',
  shortSpec: 'VlLsc:u:d:U:Pp:f:e:a:h:g:G:b:B:i:I:n:v',
  longOptions: [
    ...COMMON_LONG,
    ...['version', 'list-users', 'list-groups', 'password', 'password-prompt', 'fullname', 'email'].map(
      (name) => ({ name, arg: 'none' as const }),
    ),
    { name: 'verbose', arg: 'required' as const },
  ],
  getopt: {
    illegalShort: (p, o) => `${p}: invalid option -- '${o}'`,
    missingShort: (p, o) => `${p}: option requires an argument -- '${o}'`,
    unrecognizedLong: (p, o) => `${p}: unrecognized option '${o}'`,
    missingLong: (p, o) => `${p}: option '--${o}' requires an argument`,
    ambiguousLong: (p, o, c) =>
      `${p}: option '${o}' is ambiguous; possibilities: ${c.map((x) => `'${x}'`).join(' ')}`,
    unexpectedArgument: (p, o) => `${p}: option '--${o}' doesn't allow an argument`,
  },
  versionText: 'kopano-admin 8.5.0\n',
  versionExitCode: 0,
  features: ['imap', 'pop3', 'mobile', 'outlook'],
  defaultDisabledFeatures: ['imap', 'pop3'],
  defaultServerName: '',
  socketEnv: 'KOPANO_SOCKET',
  defaultSocket: 'default:',
  retypePrompt: 'Retype password:',
  resolvesUserFirst: true,
  groupFeatureRows: false,
  outOfOfficeLine: true,
  featureWord: 'kopano',
  sep: ': ',
  quote: kopanoQuote,
  code: (c) => renderCode(c, kopanoQuote),
  fail: (what, c) => `${what}: ${renderCode(c, kopanoQuote)}`,
  empty: (field) => kopanoEmpty[field],
  noCommand: 'No correct command (e.g. -c for create user) given.',
  missing: kopanoMissing,
  sessionFailure: (cause, path) => {
    const { message, hr } = SESSION_CAUSES[cause];
    const causeLine = {
      network: `The server is not running, or not accessible through "${path}".`,
      access: `Access was denied on "${path}".`,
      unknown: `Unknown cause ${hex(hr)}.`,
    }[cause];
    return [`Unable to open Admin session: ${message} (${hex(hr)})`, causeLine];
  },
  afterConnectedFailure: ['Using the -v option (possibly multiple times) may give more hints.'],
  afterCreateFailure: ['Check server.log for details.'],
  manPage: "Please read kopano-admin(8) for detailed information by typing 'man kopano-admin'.",
  localeTool: 'kopano-localize-folders',
};

export const flavours: Record<FlavourName, Flavour> = { zarafa, kopano };

/** ZARAFA_FLAVOUR wins; otherwise the name the program was called by (kopano-admin = kopano). */
export function pickFlavour(envValue: string | undefined, argv0: string): Flavour {
  if (envValue === 'zarafa' || envValue === 'kopano') return flavours[envValue];
  return /kopano-admin$/.test(argv0) ? kopano : zarafa;
}
