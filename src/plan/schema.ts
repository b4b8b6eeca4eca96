// The saved plan file, checked before apply trusts it: a plan is input like any other file.
import { z } from 'zod';
import { formatIssuePath } from '../core/units.js';
import { PLAN_VERSION } from './types.js';
import type { Plan } from './types.js';

const text = z.string().min(1).max(4096);
const base = {
  id: z.string().regex(/^\d+$/),
  why: z.string().max(4096),
  dependsOn: z.array(z.string().regex(/^\d+$/)),
};
const attr = z
  .object({
    attribute: z.enum(['fullname', 'email', 'active', 'admin', 'quota']),
    before: z.unknown(),
    after: z.unknown(),
  })
  .strict();
const quota = z
  .object({
    warnMiB: z.number().int().min(0),
    softMiB: z.number().int().min(0),
    hardMiB: z.number().int().min(0),
  })
  .strict();

const change = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('createGroup'), group: text, email: text.optional() }).strict(),
  z.object({ ...base, kind: z.literal('updateGroup'), group: text, changes: z.array(attr) }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('createUser'),
      user: text,
      fullname: text,
      email: text,
      active: z.boolean(),
      admin: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
      quota: quota.optional(),
    })
    .strict(),
  z.object({ ...base, kind: z.literal('renameUser'), from: text, user: text }).strict(),
  z.object({ ...base, kind: z.literal('updateUser'), user: text, changes: z.array(attr) }).strict(),
  z.object({ ...base, kind: z.literal('setPassword'), user: text }).strict(),
  z
    .object({ ...base, kind: z.literal('setFeature'), user: text, feature: text, enabled: z.boolean() })
    .strict(),
  z.object({ ...base, kind: z.enum(['addMember', 'removeMember']), user: text, group: text }).strict(),
  z
    .object({
      ...base,
      kind: z.enum(['addSendas', 'removeSendas']),
      ownerKind: z.enum(['user', 'group']),
      owner: text,
      sender: text,
    })
    .strict(),
  z.object({ ...base, kind: z.enum(['disableUser', 'deleteUser']), user: text }).strict(),
  z.object({ ...base, kind: z.literal('deleteGroup'), group: text }).strict(),
]);

export const planSchema = z
  .object({
    version: z.literal(PLAN_VERSION),
    createdAt: z.string(),
    desiredFile: text,
    hosts: z.array(
      z
        .object({
          host: text,
          stateFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
          changes: z.array(change),
          unmanaged: z.object({ users: z.array(z.string()), groups: z.array(z.string()) }).strict(),
        })
        .strict(),
    ),
  })
  .strict();

export function parsePlan(data: unknown): { plan: Plan } | { issues: { path: string; message: string }[] } {
  const r = planSchema.safeParse(data);
  if (r.success) return { plan: r.data as unknown as Plan };
  return {
    issues: r.error.issues.map((i) => ({
      path: formatIssuePath(i.path),
      message: i.message,
    })),
  };
}
