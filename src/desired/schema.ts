// The desired-state file (YAML or JSON): users, groups, roles and the policy that says how zfleet
// converges hosts to them. Validated with zod; every problem is reported with its path.
import { z } from 'zod';

const name = z.string().min(1, 'must not be empty');
const pattern = z.string().min(1, 'must be a host pattern');

export const passwordRef = z.union([
  z
    .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') })
    .strict(),
  z.object({ file: z.string().min(1) }).strict(),
  z.string().min(1),
]);

const quota = z
  .object({
    warnMiB: z.number().int().min(0),
    softMiB: z.number().int().min(0),
    hardMiB: z.number().int().min(0),
  })
  .strict();

const features = z
  .object({
    enabled: z.array(name).default([]),
    disabled: z.array(name).default([]),
  })
  .strict();

export const ATTRIBUTES = [
  'fullname',
  'email',
  'active',
  'admin',
  'password',
  'quota',
  'features',
  'groups',
  'sendas',
] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export const userSchema = z
  .object({
    name,
    fullname: name.optional(),
    email: name.optional(),
    password: passwordRef.optional(),
    active: z.boolean().default(true),
    admin: z.enum(['none', 'admin', 'system']).optional(),
    quota: quota.optional(),
    features: features.optional(),
    groups: z.array(name).default([]),
    roles: z.array(name).default([]),
    sendas: z.array(name).default([]),
    /** Earlier names of this user: an existing user under one of them is renamed (-U), not recreated. */
    previousNames: z.array(name).default([]),
    hosts: pattern.default('all'),
  })
  .strict();

export const groupSchema = z
  .object({ name, email: name.optional(), sendas: z.array(name).default([]), hosts: pattern.default('all') })
  .strict();
export const roleSchema = z.object({ name, email: name.optional(), hosts: pattern.default('all') }).strict();

export const policySchema = z
  .object({
    /** A user without an email gets <name>@<emailDomain>. */
    emailDomain: z
      .string()
      .regex(/^[^@\s]+\.[^@\s]+$/, 'must be a domain like example.org')
      .optional(),
    /** Holders of this role get admin level 1. */
    adminRole: name.optional(),
    onRemove: z.enum(['delete', 'disable', 'keep']).default('disable'),
    /** Attributes zfleet sets; others are never overwritten (e.g. an admin flag granted by hand). */
    owns: z
      .array(z.enum(ATTRIBUTES))
      .default(['fullname', 'email', 'active', 'password', 'quota', 'features', 'groups', 'sendas']),
    passwords: z.enum(['onCreate', 'whenChanged']).default('onCreate'),
    /** Roles become Zarafa groups named <rolePrefix><role>. */
    rolePrefix: z.string().default('role-'),
    /** Passwords written in the file itself (instead of {env} / {file}) are refused unless this is true. */
    allowLiteralPasswords: z.boolean().default(false),
  })
  .strict();

/** Users made from an identity system's export: each field a JSONata expression over one record. */
export const sourceSchema = z
  .object({
    file: z.string().min(1),
    format: z.enum(['csv', 'json']).optional(),
    /** Records for which this is false are left out. */
    filter: z.string().min(1).optional(),
    map: z
      .object({
        name: z.string().min(1),
        fullname: z.string().min(1).optional(),
        email: z.string().min(1).optional(),
        active: z.string().min(1).optional(),
        admin: z.string().min(1).optional(),
        groups: z.string().min(1).optional(),
        roles: z.string().min(1).optional(),
        sendas: z.string().min(1).optional(),
      })
      .strict(),
    /** Every user from this source gets this password reference (an initial password). */
    password: passwordRef.optional(),
    hosts: pattern.default('all'),
  })
  .strict();

export const desiredSchema = z
  .object({
    version: z.literal(1),
    policy: policySchema.default(policySchema.parse({})),
    users: z.array(userSchema).default([]),
    groups: z.array(groupSchema).default([]),
    roles: z.array(roleSchema).default([]),
    sources: z.array(sourceSchema).default([]),
  })
  .strict();

export type DesiredFile = z.output<typeof desiredSchema>;
export type DesiredUserEntry = z.output<typeof userSchema>;
export type Policy = z.output<typeof policySchema>;
export type PasswordRef = z.output<typeof passwordRef>;
export type Source = z.output<typeof sourceSchema>;
