// Each planned change as the zarafa-admin call that makes it. Passwords come from the desired state at
// apply time (a plan never holds them).
import type { Secret } from '../core/secret.js';
import * as build from '../zarafa/builders.js';
import type { AdminCall, UserChanges } from '../zarafa/builders.js';
import type { Change } from './types.js';
import { MIB } from '../core/units.js';

export function changeToCall(c: Change, passwordOf: (user: string) => Secret | undefined): AdminCall {
  switch (c.kind) {
    case 'createGroup':
      return build.createGroup(c.group, c.email);
    case 'updateGroup':
      return build.updateGroupEmail(
        c.group,
        String(c.changes.find((a) => a.attribute === 'email')?.after ?? ''),
      );
    case 'createUser': {
      const password = passwordOf(c.user);
      return build.createUser({
        name: c.user,
        fullname: c.fullname,
        email: c.email,
        active: c.active,
        ...(c.admin !== undefined ? { admin: c.admin } : {}),
        ...(c.quota
          ? {
              quota: {
                override: true,
                warn: c.quota.warnMiB * MIB,
                soft: c.quota.softMiB * MIB,
                hard: c.quota.hardMiB * MIB,
              },
            }
          : {}),
        ...(password ? { password } : {}),
      });
    }
    case 'renameUser':
      return build.renameUser(c.from, c.user);
    case 'updateUser': {
      const u: { -readonly [K in keyof UserChanges]: UserChanges[K] } = {};
      for (const a of c.changes) {
        if (a.attribute === 'fullname') u.fullname = String(a.after);
        if (a.attribute === 'email') u.email = String(a.after);
        if (a.attribute === 'active') u.active = Boolean(a.after);
        if (a.attribute === 'admin') u.admin = a.after as 0 | 1 | 2;
        if (a.attribute === 'quota') u.quota = a.after as build.Quota;
      }
      return build.updateUser(c.user, u);
    }
    case 'setPassword': {
      const password = passwordOf(c.user);
      if (!password) throw new Error(`no password for user ${c.user} in the desired state`);
      return build.updateUser(c.user, { password });
    }
    case 'setFeature':
      return build.setFeature(c.user, c.feature, c.enabled);
    case 'addMember':
      return build.addMember(c.user, c.group);
    case 'removeMember':
      return build.removeMember(c.user, c.group);
    case 'addSendas':
      return build.changeSendas(c.ownerKind, c.owner, c.sender, true);
    case 'removeSendas':
      return build.changeSendas(c.ownerKind, c.owner, c.sender, false);
    case 'disableUser':
      return build.updateUser(c.user, { active: false });
    case 'deleteUser':
      return build.deleteUser(c.user);
    case 'deleteGroup':
      return build.deleteGroup(c.group);
  }
}
