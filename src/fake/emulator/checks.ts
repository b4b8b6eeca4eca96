// The pre-connection checks, in the order zarafa-admin runs them (§1.5), and the warnings that follow
// them (§1.6). All of this happens before any connection, so it holds even when the server is down.
import type { Flavour, MissingMode, MissingPart } from './flavour.js';
import type { Options } from './options.js';

export type CheckOutcome =
  | {
      readonly kind: 'stop';
      readonly stdout: string;
      readonly stderr: readonly string[];
      readonly exitCode: 0 | 1;
    }
  | { readonly kind: 'go'; readonly warnings: readonly string[] };

const stop = (line: string): CheckOutcome => ({ kind: 'stop', stdout: '', stderr: [line], exitCode: 1 });

export function runPreConnectionChecks(
  o: Options,
  operands: readonly string[],
  flavour: Flavour,
  helpText: string,
): CheckOutcome {
  if (o.username === '') return stop(flavour.empty('username'));
  if (o.username !== null && o.username.toUpperCase() === 'SYSTEM') return stop('Username cannot be SYSTEM');
  if (o.password === '') return stop(flavour.empty('password'));
  if (o.company === '') return stop(flavour.empty('company'));
  if (o.groupname === '') return stop(flavour.empty('groupname'));
  if (o.fullname === '') return stop(flavour.empty('fullname'));
  if (o.email === '') return stop(flavour.empty('email'));
  if (operands.length > 0) return stop('Too many options given.');
  if (o.mode === null) return stop(flavour.noCommand);
  if (o.mode === 'help')
    return { kind: 'stop', stdout: helpText + '\n' + flavour.manPage + '\n\n', stderr: [], exitCode: 0 };
  const missing = missingInformation(o, flavour);
  if (missing.length > 0) return { kind: 'stop', stdout: '', stderr: missing, exitCode: 1 };
  if (o.lang && o.mode !== 'unsupported:--create-store') {
    return {
      kind: 'stop',
      stdout: '',
      stderr: [
        'You can only use the --lang option in combination with --create-store. If you',
        'want to change the language of the folders in a store, use the',
        `${flavour.localeTool} tool. Note that the --lang option only takes effect`,
        'when creating a store.',
      ],
      exitCode: 1,
    };
  }
  return { kind: 'go', warnings: warnings(o) };
}

function quotaLevelsGiven(o: Options): boolean {
  return o.quotaWarn !== -1 || o.quotaSoft !== -1 || o.quotaHard !== -1;
}

function allQuotaLevelsGiven(o: Options): boolean {
  return o.quotaWarn !== -1 && o.quotaSoft !== -1 && o.quotaHard !== -1;
}

/** -u needs at least one thing to change (§2.2). */
function hasUpdate(o: Options): boolean {
  return (
    o.password !== null ||
    o.passwordPrompt ||
    o.email !== null ||
    o.fullname !== null ||
    o.newUsername !== null ||
    o.admin !== -1 ||
    o.nonActive !== -1 ||
    o.quotaOverride !== -1 ||
    quotaLevelsGiven(o) ||
    o.mrAccept !== -1 ||
    o.mrDeclineConflict !== -1 ||
    o.mrDeclineRecurring !== -1 ||
    o.addSendas !== null ||
    o.delSendas !== null ||
    o.feature !== null
  );
}

function missingInformation(o: Options, flavour: Flavour): string[] {
  const say = (mode: MissingMode, parts: MissingPart[] = []): string[] => [flavour.missing(mode, parts)];
  const quotaIncomplete = o.quotaOverride === 1 && !allQuotaLevelsGiven(o);
  switch (o.mode) {
    case 'createUser': {
      const parts: MissingPart[] = [];
      if (o.username === null) parts.push('username');
      if (o.password === null && !o.passwordPrompt && o.nonActive !== 1) parts.push('password');
      if (o.email === null) parts.push('email');
      if (o.fullname === null) parts.push('fullname');
      if (parts.length > 0) return say('createUser', parts);
      if (quotaIncomplete) return ['Not all user specific quota levels are given.', ...say('createUser')];
      return [];
    }
    case 'updateUser':
      if (o.username === null || !hasUpdate(o))
        return say('updateUser', o.username === null ? ['username'] : []);
      if (quotaIncomplete) return ['Not all user specific quota levels are given.', ...say('updateUser')];
      return [];
    case 'deleteUser':
      return o.username === null ? say('deleteUser', ['username']) : [];
    case 'createGroup':
      return o.groupname === null ? say('createGroup', ['groupname']) : [];
    case 'updateGroup':
      return o.groupname === null || (o.email === null && o.addSendas === null && o.delSendas === null)
        ? say('updateGroup')
        : [];
    case 'deleteGroup':
      return o.groupname === null ? say('deleteGroup', ['groupname']) : [];
    case 'addMember':
    case 'removeMember': {
      const parts: MissingPart[] = [];
      if (o.username === null) parts.push('username');
      if (o.groupname === null) parts.push('groupname');
      return parts.length > 0 ? say(o.mode, parts) : [];
    }
    case 'details':
      return o.username === null ? say('details') : [];
    case 'listSendas':
      return o.username === null ? say('listSendas') : [];
    default:
      return [];
  }
}

function warnings(o: Options): string[] {
  const out: string[] = [];
  if (o.newUsername !== null && o.mode !== 'updateUser') {
    out.push(`WARNING: new username '${o.newUsername}' will be ignored.`);
  }
  if (quotaLevelsGiven(o) && o.quotaOverride === -1) {
    out.push('Quota levels are provided, but not quota level override');
    out.push('Without an explicit quota override value the quota levels will be ignored.');
  }
  if (quotaLevelsGiven(o) && o.quotaOverride === 0) {
    out.push('Disabling quota override, but quota levels are provided.');
    out.push('By disabling quota overrides the existing values will be reset,');
    out.push('and these new values will be ignored.');
  }
  return out;
}
