// What each mode does once connected (§2). Each action edits the state it is given and returns the exit
// code; partial success is kept (a failed quota step after a create leaves the user there, as the server does).
import type { Flavour } from './flavour.js';
import { findGroup, findUser, isEveryone, newGroup, newUser, removeObject, users } from './model.js';
import type { FakeGroup, FakeState, FakeUser, ServerConfig } from './model.js';
import type { Options } from './options.js';
import type { Output } from './output.js';
import {
  renderGroupDetails,
  renderGroupList,
  renderQuota,
  renderSendasList,
  renderUserDetails,
  renderUserList,
  STORE_SIZE_LINE,
} from './render.js';

export interface ActionContext {
  readonly state: FakeState;
  readonly o: Options;
  readonly flavour: Flavour;
  readonly config: ServerConfig;
  readonly out: Output;
  /** The password read by -P, or null when -P was not used. */
  readonly promptedPassword: string | null;
  readonly hashPassword: (password: string) => string;
}

export type ExitCode = 0 | 1;

const OK: ExitCode = 0;
const FAILED: ExitCode = 1;

function failed(ctx: ActionContext, ...lines: string[]): ExitCode {
  ctx.out.errs(lines);
  return FAILED;
}

function createFailed(ctx: ActionContext, line: string): ExitCode {
  return failed(ctx, line, ...ctx.flavour.afterCreateFailure);
}

/** Kopano 8.3+ resolves the user of -u/-d/-b/-B before the action. */
function resolveUserFirst(ctx: ActionContext, name: string): FakeUser | null | 'failed' {
  if (!ctx.flavour.resolvesUserFirst) return null;
  const user = findUser(ctx.state, name);
  if (user) return user;
  ctx.out.err(`Failed to resolve user${ctx.flavour.sep}${ctx.flavour.code({ kind: 'notFound', name })}`);
  return 'failed';
}

function password(ctx: ActionContext): string | null {
  return ctx.promptedPassword ?? ctx.o.password;
}

export function createUser(ctx: ActionContext): ExitCode {
  const { state, o, flavour, config } = ctx;
  const name = o.username as string;
  if (config.userPlugin !== 'db')
    return createFailed(ctx, flavour.fail('Unable to create user', { kind: 'noSupport' }));
  if (findUser(state, name))
    return createFailed(ctx, flavour.fail('Unable to create user', { kind: 'exists', name }));
  if (config.licenseLimit !== null && users(state).length >= config.licenseLimit) {
    return createFailed(ctx, flavour.fail('Unable to create user', { kind: 'license' }));
  }
  const active = o.nonActive !== 1;
  const pw = active ? password(ctx) : null;
  const override = o.quotaOverride === 1;
  newUser(state, {
    name,
    fullname: o.fullname as string,
    email: o.email as string,
    passwordSha256: pw === null ? null : ctx.hashPassword(pw),
    active,
    admin: o.admin === -1 ? 0 : o.admin,
    enabledFeatures: [],
    disabledFeatures: [],
    quota: {
      override,
      warn: override ? o.quotaWarn : 0,
      soft: override ? o.quotaSoft : 0,
      hard: override ? o.quotaHard : 0,
    },
    autoAccept: false,
    declineConflict: false,
    declineRecurring: false,
    sendas: [],
  });
  ctx.out.line('User created.');
  return OK;
}

export function updateUser(ctx: ActionContext): ExitCode {
  const { state, o, flavour, config } = ctx;
  const name = o.username as string;
  const early = resolveUserFirst(ctx, name);
  if (early === 'failed') return FAILED;
  if (o.newUsername !== null && findUser(state, o.newUsername)) {
    return failed(ctx, `User with name '${o.newUsername}' is already present.`);
  }
  const user = early ?? findUser(state, name);
  if (!user) return failed(ctx, flavour.fail('Unable to update user', { kind: 'notFound', name }));
  const pw = password(ctx);
  if (config.userPlugin === 'ldap') {
    return failed(ctx, flavour.fail('Unable to update user information', { kind: 'noSupport' }));
  }
  if (config.userPlugin === 'unix' && (pw !== null || o.fullname !== null)) {
    return failed(
      ctx,
      flavour.fail('Unable to update user information', { kind: 'notFound', name: 'object' }),
    );
  }
  if (pw !== null) user.passwordSha256 = ctx.hashPassword(pw);
  if (o.email !== null) user.email = o.email;
  if (o.fullname !== null) user.fullname = o.fullname;
  if (o.newUsername !== null && config.userPlugin === 'db') user.name = o.newUsername;
  if (o.admin !== -1) user.admin = o.admin;
  if (o.nonActive !== -1) user.active = o.nonActive !== 1;
  if (o.feature) setFeature(user, o.feature.name, o.feature.enable);

  if (o.quotaOverride !== -1 || o.quotaWarn !== -1 || o.quotaSoft !== -1 || o.quotaHard !== -1)
    updateQuota(ctx, user);
  if (o.mrAccept !== -1) user.autoAccept = o.mrAccept === 1;
  if (o.mrDeclineConflict !== -1) user.declineConflict = o.mrDeclineConflict === 1;
  if (o.mrDeclineRecurring !== -1) user.declineRecurring = o.mrDeclineRecurring === 1;
  if (editSendas(ctx, user, 'user') === FAILED) return FAILED;
  ctx.out.line('User information updated.');
  return OK;
}

function setFeature(user: FakeUser, feature: string, enable: boolean): void {
  const drop = (list: string[]): string[] => list.filter((f) => f !== feature);
  user.enabledFeatures = drop(user.enabledFeatures);
  user.disabledFeatures = drop(user.disabledFeatures);
  (enable ? user.enabledFeatures : user.disabledFeatures).push(feature);
}

/** Prints the old and new quota blocks (§3.7); --qo no resets the levels, levels without --qo are ignored. */
function updateQuota(ctx: ActionContext, user: FakeUser): void {
  const { o, out } = ctx;
  out.out('Old quota settings:\n' + renderQuota(user.quota) + '\n');
  if (o.quotaOverride === 1) {
    user.quota = { override: true, warn: o.quotaWarn, soft: o.quotaSoft, hard: o.quotaHard };
  } else if (o.quotaOverride === 0) {
    user.quota = { override: false, warn: 0, soft: 0, hard: 0 };
  }
  out.out('New quota settings:\n' + renderQuota(user.quota) + STORE_SIZE_LINE + '\n');
}

function editSendas(ctx: ActionContext, owner: FakeUser | FakeGroup, kind: 'user' | 'group'): ExitCode {
  const { state, o, flavour } = ctx;
  const what = `Unable to update ${kind}${flavour.sep}`;
  for (const [sender, add] of [
    [o.addSendas, true],
    [o.delSendas, false],
  ] as const) {
    if (sender === null) continue;
    const user = findUser(state, sender);
    if (!user) {
      return failed(
        ctx,
        `${what}sendas user not available${flavour.sep}${flavour.code({ kind: 'notFound', name: sender })}`,
      );
    }
    const present = owner.sendas.includes(user.id);
    if (add && present) return failed(ctx, `${what}sender ${flavour.quote(sender)} already in sendas list`);
    if (!add && !present)
      return failed(ctx, `${what}sender ${flavour.quote(sender)} not found in sendas list`);
    owner.sendas = add ? [...owner.sendas, user.id] : owner.sendas.filter((s) => s !== user.id);
  }
  return OK;
}

export function deleteUser(ctx: ActionContext): ExitCode {
  const { state, o, flavour, config } = ctx;
  const name = o.username as string;
  const early = resolveUserFirst(ctx, name);
  if (early === 'failed') return FAILED;
  const user = early ?? findUser(state, name);
  if (config.userPlugin !== 'db')
    return failed(ctx, flavour.fail('Unable to delete user', { kind: 'noSupport' }));
  if (!user) return failed(ctx, flavour.fail('Unable to delete user', { kind: 'notFound', name }));
  removeObject(state, user.id);
  ctx.out.line('User deleted.');
  return OK;
}

export function createGroup(ctx: ActionContext): ExitCode {
  const { state, o, flavour, config } = ctx;
  const name = o.groupname as string;
  if (config.userPlugin !== 'db')
    return createFailed(ctx, flavour.fail('Unable to create group', { kind: 'noSupport' }));
  if (isEveryone(name) || findGroup(state, name)) {
    return createFailed(ctx, flavour.fail('Unable to create group', { kind: 'exists', name }));
  }
  newGroup(state, name, o.email ?? '');
  ctx.out.line('Group created.');
  return OK;
}

export function updateGroup(ctx: ActionContext): ExitCode {
  const { state, o, flavour, config } = ctx;
  const name = o.groupname as string;
  const group = findGroup(state, name);
  if (!group && !isEveryone(name))
    return failed(ctx, flavour.fail('Unable to update group', { kind: 'notFound', name }));
  if (!group || config.userPlugin === 'ldap') {
    const code = group ? ({ kind: 'noSupport' } as const) : ({ kind: 'noAccess', name } as const);
    return failed(ctx, flavour.fail('Unable to update group information', code));
  }
  if (o.email !== null) group.email = o.email;
  if (editSendas(ctx, group, 'group') === FAILED) return FAILED;
  ctx.out.line('Group information updated.');
  return OK;
}

export function deleteGroup(ctx: ActionContext): ExitCode {
  const { state, o, flavour, config } = ctx;
  const name = o.groupname as string;
  const group = findGroup(state, name);
  if (!group && !isEveryone(name))
    return failed(ctx, flavour.fail('Unable to delete group', { kind: 'notFound', name }));
  if (!group || config.userPlugin !== 'db') return failed(ctx, 'Unable to delete group.');
  removeObject(state, group.id);
  ctx.out.line('Group deleted.');
  return OK;
}

export function changeMembership(ctx: ActionContext, add: boolean): ExitCode {
  const { state, o, flavour, config } = ctx;
  const userName = o.username as string;
  const groupName = o.groupname as string;
  const what = add ? 'Unable to add user to group' : 'Unable to remove user from group';
  const early = resolveUserFirst(ctx, userName);
  if (early === 'failed') return FAILED;
  const group = findGroup(state, groupName);
  if (!group && !isEveryone(groupName))
    return failed(ctx, flavour.fail(what, { kind: 'notFound', name: groupName }));
  const user = early ?? findUser(state, userName);
  if (!user) return failed(ctx, flavour.fail(what, { kind: 'notFound', name: userName }));
  const isMember = group?.members.includes(user.id) ?? true;
  if (!group || config.userPlugin !== 'db' || isMember === add) return failed(ctx, `${what}.`);
  group.members = add ? [...group.members, user.id] : group.members.filter((m) => m !== user.id);
  ctx.out.line(add ? 'User added to group.' : 'User removed from group.');
  return OK;
}

export function listUsers(ctx: ActionContext): ExitCode {
  if (ctx.o.company !== null) return companyUnknown(ctx);
  ctx.out.out(renderUserList(ctx.state, ctx.config));
  return OK;
}

export function listGroups(ctx: ActionContext): ExitCode {
  if (ctx.o.company !== null) return companyUnknown(ctx);
  ctx.out.out(renderGroupList(ctx.state));
  return OK;
}

/** There are no companies outside hosted mode, which the fake does not emulate. */
function companyUnknown(ctx: ActionContext): ExitCode {
  return failed(
    ctx,
    ctx.flavour.fail('Failed to resolve company name', { kind: 'notFound', name: ctx.o.company as string }),
  );
}

export function details(ctx: ActionContext): ExitCode {
  const { state, o, flavour, config } = ctx;
  const name = o.username as string;
  const type = (o.type ?? 'user').toLowerCase();
  if (type === 'user') {
    const user = findUser(state, name);
    if (!user) return failed(ctx, flavour.fail('Unable to resolve user', { kind: 'notFound', name }));
    ctx.out.out(renderUserDetails(state, user, flavour));
    return OK;
  }
  if (type === 'group') {
    const group = isEveryone(name) ? 'Everyone' : findGroup(state, name);
    if (!group) return failed(ctx, flavour.fail('Unable to resolve group', { kind: 'notFound', name }));
    ctx.out.out(renderGroupDetails(state, group, flavour, config));
    return OK;
  }
  if (type === 'company' || type === 'archive') {
    return failed(ctx, flavour.fail(`Unable to resolve ${type}`, { kind: 'notFound', name }));
  }
  return failed(ctx, `Unknown userobject type "${o.type}"`);
}

export function listSendas(ctx: ActionContext): ExitCode {
  const { state, o, flavour } = ctx;
  const name = o.username as string;
  const type = (o.type ?? 'user').toLowerCase();
  if (type !== 'user' && type !== 'group') return failed(ctx, `Unknown object type "${o.type}"`);
  const owner = type === 'user' ? findUser(state, name) : findGroup(state, name);
  if (!owner) return failed(ctx, flavour.fail(`Failed to resolve ${type} name`, { kind: 'notFound', name }));
  ctx.out.out(renderSendasList(state, owner, type));
  return OK;
}

export function createPublicStore(ctx: ActionContext): ExitCode {
  if (ctx.state.publicStore)
    return failed(ctx, ctx.flavour.fail('Unable to create store', { kind: 'exists', name: 'public' }));
  ctx.state.publicStore = true;
  ctx.out.line('Public created.');
  return OK;
}

export function sync(ctx: ActionContext): ExitCode {
  ctx.out.line('Users and groups synchronized.');
  return OK;
}
