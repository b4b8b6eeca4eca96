// Plans for people, like terraform's: + create, ~ change, - remove, with why; hosts with the same plan
// are shown once.
import { foldHostNames, groupBy } from '../report/fold.js';
import type { Style } from '../report/style.js';
import type { Change, HostPlan } from './types.js';

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

export function describeChange(c: Change): { sign: '+' | '~' | '-'; text: string } {
  switch (c.kind) {
    case 'createGroup':
      return { sign: '+', text: `group ${c.group}${c.email ? ` <${c.email}>` : ''}` };
    case 'updateGroup':
      return {
        sign: '~',
        text: `group ${c.group}: ${c.changes.map((a) => `${a.attribute} ${show(a.before)} -> ${show(a.after)}`).join(', ')}`,
      };
    case 'createUser':
      return {
        sign: '+',
        text: `user ${c.user} (${c.fullname} <${c.email}>${c.active ? '' : ', non-active'}${c.admin ? `, admin ${c.admin}` : ''})`,
      };
    case 'renameUser':
      return { sign: '~', text: `user ${c.from} renamed to ${c.user}` };
    case 'updateUser':
      return {
        sign: '~',
        text: `user ${c.user}: ${c.changes.map((a) => `${a.attribute} ${show(a.before)} -> ${show(a.after)}`).join(', ')}`,
      };
    case 'setPassword':
      return { sign: '~', text: `user ${c.user}: password (new value not shown)` };
    case 'setFeature':
      return { sign: '~', text: `user ${c.user}: feature ${c.feature} ${c.enabled ? 'on' : 'off'}` };
    case 'addMember':
      return { sign: '+', text: `member ${c.user} in ${c.group}` };
    case 'removeMember':
      return { sign: '-', text: `member ${c.user} in ${c.group}` };
    case 'addSendas':
      return { sign: '+', text: `send-as: ${c.sender} may send as ${c.ownerKind} ${c.owner}` };
    case 'removeSendas':
      return { sign: '-', text: `send-as: ${c.sender} may send as ${c.ownerKind} ${c.owner}` };
    case 'disableUser':
      return { sign: '~', text: `user ${c.user}: disabled (non-active, mailbox kept)` };
    case 'deleteUser':
      return { sign: '-', text: `user ${c.user}` };
    case 'deleteGroup':
      return { sign: '-', text: `group ${c.group}` };
  }
}

export function countChanges(changes: readonly Change[]): { add: number; change: number; remove: number } {
  const n = { add: 0, change: 0, remove: 0 };
  for (const c of changes) {
    const s = describeChange(c).sign;
    if (s === '+') n.add++;
    else if (s === '~') n.change++;
    else n.remove++;
  }
  return n;
}

export function renderPlan(hosts: readonly HostPlan[], style: Style): string {
  let out = '';
  const groups = groupBy(hosts, (h) =>
    JSON.stringify([h.changes.map((c) => [describeChange(c), c.why]), h.unmanaged]),
  );
  for (const g of groups) {
    const first = g[0] as HostPlan;
    const n = countChanges(first.changes);
    const names = foldHostNames(g.map((h) => h.host));
    out += `${style.bold(names)}: ${first.changes.length === 0 ? 'no changes' : `${n.add} to add, ${n.change} to change, ${n.remove} to remove`}\n`;
    for (const c of first.changes) {
      const d = describeChange(c);
      const paint = d.sign === '+' ? style.ok : d.sign === '~' ? style.changed : style.failed;
      out += `  ${paint(d.sign)} ${d.text}  ${style.dim(`# ${c.why}`)}\n`;
    }
    const um = first.unmanaged;
    if (um.users.length || um.groups.length) {
      out += style.dim(
        `  = unmanaged, left alone: ${[...um.users.map((u) => `user ${u}`), ...um.groups.map((x) => `group ${x}`)].join(', ')}\n`,
      );
    }
  }
  const total = hosts.reduce((n, h) => n + h.changes.length, 0);
  out += `Plan: ${total} changes on ${hosts.filter((h) => h.changes.length > 0).length} of ${hosts.length} hosts.\n`;
  return out;
}
