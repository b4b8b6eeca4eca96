// The fake server's data: one object table with ids in creation order, as the server's `users` table.
// SYSTEM is id 2 and Everyone id 1 (both implicit, never stored); real objects start at 3 (§6).
import { z } from 'zod';

export const SYSTEM_ID = 2;
export const EVERYONE_ID = 1;
export const FIRST_OBJECT_ID = 3;
export { MIB } from '../../core/units.js';

const quotaSchema = z.object({
  override: z.boolean(),
  warn: z.number().int(),
  soft: z.number().int(),
  hard: z.number().int(),
});

const userSchema = z.object({
  kind: z.literal('user'),
  id: z.number().int().min(FIRST_OBJECT_ID),
  name: z.string().min(1),
  fullname: z.string(),
  email: z.string(),
  /** sha256 of the password, so tests can check which password was set without the state holding it. */
  passwordSha256: z.string().nullable(),
  active: z.boolean(),
  admin: z.number().int(),
  enabledFeatures: z.array(z.string()),
  disabledFeatures: z.array(z.string()),
  quota: quotaSchema,
  autoAccept: z.boolean(),
  declineConflict: z.boolean(),
  declineRecurring: z.boolean(),
  sendas: z.array(z.number().int()),
});

const groupSchema = z.object({
  kind: z.literal('group'),
  id: z.number().int().min(FIRST_OBJECT_ID),
  name: z.string().min(1),
  email: z.string(),
  members: z.array(z.number().int()),
  sendas: z.array(z.number().int()),
});

export const stateSchema = z.object({
  version: z.literal(1),
  nextId: z.number().int().min(FIRST_OBJECT_ID),
  publicStore: z.boolean(),
  objects: z.array(z.discriminatedUnion('kind', [userSchema, groupSchema])),
});

export type Quota = z.infer<typeof quotaSchema>;
export type FakeUser = z.infer<typeof userSchema>;
export type FakeGroup = z.infer<typeof groupSchema>;
export type FakeState = z.infer<typeof stateSchema>;

export function emptyState(): FakeState {
  return { version: 1, nextId: FIRST_OBJECT_ID, publicStore: false, objects: [] };
}

/** Server settings of a fake host (server.cfg and the user plugin), read from server.json. */
export interface ServerConfig {
  readonly userPlugin: 'db' | 'ldap' | 'unix';
  /** `server_name`; shown as SYSTEM's Homeserver, "Unknown" when empty. */
  readonly serverName: string;
  /** Maximum number of users the "license" allows; null = no limit. */
  readonly licenseLimit: number | null;
}

const sameName = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

/** The DB plugin compares names with SQL upper(): case-insensitive, the stored spelling is kept. */
export function findUser(state: FakeState, name: string): FakeUser | undefined {
  return state.objects.find((o): o is FakeUser => o.kind === 'user' && sameName(o.name, name));
}

export function findGroup(state: FakeState, name: string): FakeGroup | undefined {
  return state.objects.find((o): o is FakeGroup => o.kind === 'group' && sameName(o.name, name));
}

export function users(state: FakeState): FakeUser[] {
  return state.objects.filter((o): o is FakeUser => o.kind === 'user');
}

export function groups(state: FakeState): FakeGroup[] {
  return state.objects.filter((o): o is FakeGroup => o.kind === 'group');
}

export function byId(state: FakeState, id: number): FakeUser | FakeGroup | undefined {
  return state.objects.find((o) => o.id === id);
}

export function isEveryone(name: string): boolean {
  return sameName(name, 'Everyone');
}

/** Removes an object and every reference to it (memberships, send-as lists), as the server's delete does. */
export function removeObject(state: FakeState, id: number): void {
  state.objects = state.objects.filter((o) => o.id !== id);
  for (const o of state.objects) {
    o.sendas = o.sendas.filter((s) => s !== id);
    if (o.kind === 'group') o.members = o.members.filter((m) => m !== id);
  }
}

export function newUser(state: FakeState, fields: Omit<FakeUser, 'kind' | 'id'>): FakeUser {
  const user: FakeUser = { kind: 'user', id: state.nextId++, ...fields };
  state.objects.push(user);
  return user;
}

export function newGroup(state: FakeState, name: string, email: string): FakeGroup {
  const group: FakeGroup = { kind: 'group', id: state.nextId++, name, email, members: [], sendas: [] };
  state.objects.push(group);
  return group;
}
