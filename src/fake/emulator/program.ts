// One zarafa-admin run, from argv to exit code: parse, pre-connection checks, "connect", prompt for -P,
// then the action against the host's state. Pure apart from the HostAccess it is given.
import * as actions from './actions.js';
import type { ActionContext, ExitCode } from './actions.js';
import { runPreConnectionChecks } from './checks.js';
import type { Flavour } from './flavour.js';
import type { FakeState, ServerConfig } from './model.js';
import { parseOptions } from './options.js';
import type { Mode, Options } from './options.js';
import { Output } from './output.js';
import { renderHelp } from './render.js';
import { localeIsUtf8 } from './validate.js';

export type ServerDown = 'network' | 'access' | 'unknown';

export interface Invocation {
  /** Arguments after the program name. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flavour: Flavour;
  /** One line of stdin without its newline, or null at end of input. */
  readLine(): Promise<string | null>;
}

/** What the program may touch of its host: state under a lock, server settings, the file system. */
export interface HostAccess {
  readonly config: ServerConfig;
  readonly serverDown: ServerDown | null;
  fileExists(path: string): boolean;
  read<T>(fn: (state: FakeState) => T): Promise<T>;
  /** Runs fn on the state under the host's lock and saves what it changed. */
  mutate<T>(fn: (state: FakeState) => T): Promise<T>;
  hashPassword(password: string): string;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: 0 | 1;
  /** Whether the run read stdin (the -P prompts). */
  readonly stdinRead: boolean;
}

/** getpass() copies the first answer into an 80-byte buffer (§4). */
const PASSWORD_BUFFER_BYTES = 79;

const READ_ONLY: ReadonlySet<Mode> = new Set(['listUsers', 'listGroups', 'details', 'listSendas', 'sync']);

type Action = (ctx: ActionContext) => ExitCode;

const ACTIONS: Partial<Record<Mode, Action>> = {
  createUser: actions.createUser,
  updateUser: actions.updateUser,
  deleteUser: actions.deleteUser,
  createGroup: actions.createGroup,
  updateGroup: actions.updateGroup,
  deleteGroup: actions.deleteGroup,
  addMember: (ctx) => actions.changeMembership(ctx, true),
  removeMember: (ctx) => actions.changeMembership(ctx, false),
  listUsers: actions.listUsers,
  listGroups: actions.listGroups,
  details: actions.details,
  listSendas: actions.listSendas,
  sync: actions.sync,
  publicStore: actions.createPublicStore,
};

export async function runZarafaAdmin(inv: Invocation, host: HostAccess): Promise<RunResult> {
  const { flavour } = inv;
  const out = new Output();
  let stdinRead = false;
  const finish = (exitCode: 0 | 1): RunResult => ({
    stdout: out.stdout,
    stderr: out.stderr,
    exitCode,
    stdinRead,
  });
  const helpText = renderHelp(flavour);

  if (inv.argv.length === 0) {
    out.out(helpText + '\n' + flavour.manPage + '\n\n');
    return finish(1);
  }
  const parsed = parseOptions(inv.argv, flavour, localeIsUtf8(inv.env));
  out.errs(parsed.stderr);
  const o = parsed.options;
  if (o.version) {
    out.out(flavour.versionText);
    return finish(flavour.versionExitCode);
  }
  const checked = runPreConnectionChecks(o, parsed.operands, flavour, helpText);
  if (checked.kind === 'stop') {
    out.out(checked.stdout);
    out.errs(checked.stderr);
    return finish(checked.exitCode);
  }
  out.errs(checked.warnings);
  const mode = o.mode as Mode;
  const action = ACTIONS[mode];
  if (!action) {
    out.err(`${flavour.binary}: ${mode.replace('unsupported:', '')} is not emulated by the zfleet fake host`);
    return finish(1);
  }
  if (o.configFile !== null && !host.fileExists(o.configFile)) {
    out.err(`Error while reading configuration file ${o.configFile}`);
    return finish(1);
  }
  const connectedFailure = (): RunResult => {
    out.errs(flavour.afterConnectedFailure);
    return finish(1);
  };
  if (host.serverDown) {
    const path = o.host ?? inv.env[flavour.socketEnv] ?? flavour.defaultSocket;
    out.errs(flavour.sessionFailure(host.serverDown, path));
    return connectedFailure();
  }
  let promptedPassword: string | null = null;
  if (o.passwordPrompt && needsPrompt(o)) {
    stdinRead = true;
    const answer = await promptTwice(inv, out, flavour);
    if (answer.kind === 'error') {
      out.err(answer.text);
      return connectedFailure();
    }
    promptedPassword = answer.password;
  }
  const run = (state: FakeState): ExitCode =>
    action({
      state,
      o,
      flavour,
      config: host.config,
      out,
      promptedPassword,
      hashPassword: host.hashPassword,
    });
  const exitCode = READ_ONLY.has(mode) ? await host.read(run) : await host.mutate(run);
  return exitCode === 0 ? finish(0) : connectedFailure();
}

function needsPrompt(o: Options): boolean {
  return (o.mode === 'createUser' && o.nonActive !== 1) || o.mode === 'updateUser';
}

type PromptAnswer = { kind: 'ok'; password: string } | { kind: 'error'; text: string };

/** getpass() twice without a terminal: prompts on stderr, no newline, answers from stdin; EOF reads as "". */
async function promptTwice(inv: Invocation, out: Output, flavour: Flavour): Promise<PromptAnswer> {
  out.prompt('Type password:');
  const first = truncateBytes((await inv.readLine()) ?? '', PASSWORD_BUFFER_BYTES);
  out.prompt(flavour.retypePrompt);
  const second = (await inv.readLine()) ?? '';
  if (!first.equals(Buffer.from(second, 'utf8'))) return { kind: 'error', text: "Passwords don't match" };
  if (first.length === 0) return { kind: 'error', text: 'Password cannot be empty' };
  return { kind: 'ok', password: first.toString('utf8') };
}

function truncateBytes(text: string, max: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length > max ? bytes.subarray(0, max) : bytes;
}
