// zarafa-admin's listings and detail views (§3), rendered from the fake state.
import type { Flavour } from './flavour.js';
import { byId, groups, MIB, users } from './model.js';
import type { FakeGroup, FakeState, FakeUser, Quota, ServerConfig } from './model.js';
import { renderTable } from './table.js';

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function homeserver(config: ServerConfig): string {
  return config.serverName === '' ? 'Unknown' : config.serverName;
}

export function renderUserList(state: FakeState, config: ServerConfig): string {
  const rows = [
    ['SYSTEM', 'SYSTEM', homeserver(config)],
    ...users(state).map((u) => [u.name, u.fullname, '']),
  ];
  return (
    `User list for Default(${rows.length}):\n` +
    renderTable(['Username', 'Fullname', 'Homeserver'], rows) +
    '\n'
  );
}

export function renderGroupList(state: FakeState): string {
  const names = ['Everyone', ...groups(state).map((g) => g.name)];
  return (
    `Group list for Default(${names.length}):\n` +
    '\tgroupname\n\t' +
    '-'.repeat(37) +
    '\n' +
    names.map((n) => `\t${n}\n`).join('') +
    '\n'
  );
}

function size(bytes: number, zeroText: string): string {
  return bytes === 0 ? zeroText : `${(bytes / MIB).toFixed(2)} MB`;
}

/** The quota block of §3.4/§3.7; the store size line is left to the caller. */
export function renderQuota(quota: Quota): string {
  return (
    'Current user store quota settings:\n' +
    ` Quota overrides:\t${yesNo(quota.override)}\n` +
    ` Warning level:\t\t${size(quota.warn, 'unlimited')}\n` +
    ` Soft level:\t\t${size(quota.soft, 'unlimited')}\n` +
    ` Hard level:\t\t${size(quota.hard, 'unlimited')}\n`
  );
}

export const STORE_SIZE_LINE = `Current store size:\t${size(0, '0.00 MB')}\n`;

/** Effective feature lists: server defaults, then the user's own enable/disable lists. */
export function effectiveFeatures(
  user: FakeUser,
  flavour: Flavour,
): { enabled: string[]; disabled: string[] } {
  const enabled = flavour.features.filter((f) => {
    if (user.enabledFeatures.includes(f)) return true;
    if (user.disabledFeatures.includes(f)) return false;
    return !flavour.defaultDisabledFeatures.includes(f);
  });
  const disabled = flavour.features.filter((f) => !enabled.includes(f));
  return { enabled: enabled.sort(), disabled: disabled.sort() };
}

function adminText(level: number): string {
  if (level === 2) return 'yes (system)';
  return level === 0 ? 'no' : 'yes';
}

export function renderUserDetails(state: FakeState, user: FakeUser, flavour: Flavour): string {
  let out =
    `Username:\t\t${user.name}\n` +
    `Fullname:\t\t${user.fullname}\n` +
    `Emailaddress:\t\t${user.email}\n` +
    `Active:\t\t\t${yesNo(user.active)}\n`;
  if (!user.active) out += 'Non-active type:\tShared store\n';
  out += `Administrator:\t\t${adminText(user.admin)}\n`;
  out += 'Address book:\t\tVisible\n';
  out += `Auto-accept meeting req:${yesNo(user.autoAccept)}\n`;
  if (user.autoAccept) {
    out += `Decline dbl meetingreq:\t${yesNo(user.declineConflict)}\n`;
    out += `Decline recur meet.req:\t${yesNo(user.declineRecurring)}\n`;
  }
  if (flavour.outOfOfficeLine) out += 'Out Of Office:          disabled\n';
  const features = effectiveFeatures(user, flavour);
  out +=
    'Mapped properties:\n' +
    renderTable(null, [
      ['PR_EC_ENABLED_FEATURES', features.enabled.join('; ')],
      ['PR_EC_DISABLED_FEATURES', features.disabled.join('; ')],
    ]);
  out += renderQuota(user.quota) + STORE_SIZE_LINE;
  const memberOf = groups(state).filter((g) => g.members.includes(user.id));
  out +=
    `Groups (${memberOf.length + 1}):\n\tEveryone\n` + memberOf.map((g) => `\t${g.name}\n`).join('') + '\n';
  return out;
}

function memberRows(state: FakeState, ids: readonly number[], config: ServerConfig): string[][] {
  const rows: string[][] = [];
  for (const id of ids) {
    const o = byId(state, id);
    if (!o) continue;
    rows.push(o.kind === 'user' ? [o.name, o.fullname, ''] : [o.name, o.name, '']);
  }
  return rows.map((r) => (r[0] === 'SYSTEM' ? ['SYSTEM', 'SYSTEM', homeserver(config)] : r));
}

export function renderGroupDetails(
  state: FakeState,
  group: FakeGroup | 'Everyone',
  flavour: Flavour,
  config: ServerConfig,
): string {
  const name = group === 'Everyone' ? 'Everyone' : group.name;
  const email = group === 'Everyone' ? '' : group.email;
  let out = `Groupname:\t\t${name}\nFullname:\t\t${name}\nEmailaddress:\t\t${email}\nAddress book:\t\tVisible\n`;
  if (flavour.groupFeatureRows) {
    out +=
      'Mapped properties:\n' +
      renderTable(null, [
        ['PR_EC_ENABLED_FEATURES', ''],
        ['PR_EC_DISABLED_FEATURES', ''],
      ]);
  }
  // Everyone's members are every object of the company, SYSTEM and the groups included (§3.5, a choice).
  const rows =
    group === 'Everyone'
      ? [
          ['SYSTEM', 'SYSTEM', homeserver(config)],
          ...memberRows(
            state,
            state.objects.map((o) => o.id),
            config,
          ),
        ]
      : memberRows(state, group.members, config);
  if (rows.length > 0) {
    out += `Users (${rows.length}):\n` + renderTable(['Username', 'Fullname', 'Homeserver'], rows) + '\n';
  }
  return out;
}

export function renderSendasList(
  state: FakeState,
  owner: FakeUser | FakeGroup,
  kind: 'user' | 'group',
): string {
  const rows = memberRows(state, owner.sendas, { userPlugin: 'db', serverName: '', licenseLimit: null }).map(
    (r) => r.slice(0, 2),
  );
  return (
    `Send-as list (${rows.length}) for ${kind} ${owner.name}:\n` + renderTable(['Username', 'Fullname'], rows)
  );
}

export function renderHelp(flavour: Flavour): string {
  const b = flavour.binary;
  const rows = [
    ['-l', 'List users. Use -I to list users of a specific company, if applicable.'],
    ['-L', 'List groups. Use -I to list groups of a specific company, if applicable.'],
    ['--details name', 'Show object details, use --type to indicate the object type.'],
    ['-c user', 'Create user. -p, -f, -e needed, -P, -a, -n optional.'],
    ['-u user', 'Update user. -U, -p, -P, -f, -e, -a, -n, --qo, --qw, --qs, --qh optional.'],
    ['-d user', 'Delete user.'],
    ['-g group', 'Create group, -e optional.'],
    ['--update-group group', 'Update group, -e needed.'],
    ['-G group', 'Delete group.'],
    ['-b user', 'Add user to a group, -i needed.'],
    ['-B user', 'Remove user from a group, -i needed.'],
    ['--list-sendas name', 'List all users who are in the send-as list of the object.'],
    ['--sync', 'Synchronize users and groups with external source.'],
    ['-V', 'Print version info.'],
    ['--help', 'Show this help text.'],
  ];
  return `Usage:\n${b} [action] [options]\n\nActions: [-s] | [[-c|-u|-d] username] | [[-g|-G] groupname] | [-l] | [-L]\n${renderTable(null, rows)}`;
}
