// A plan: plain, versioned data. Per host an ordered list of changes, each with why it is needed and
// which earlier changes it depends on; objects zfleet does not manage are listed and left alone.
// Passwords are never in a plan: a password change names the user, and apply reads the secret again.

export const PLAN_VERSION = 1;

export type ChangeKind =
  | 'createGroup'
  | 'updateGroup'
  | 'createUser'
  | 'renameUser'
  | 'updateUser'
  | 'setPassword'
  | 'setFeature'
  | 'addMember'
  | 'removeMember'
  | 'addSendas'
  | 'removeSendas'
  | 'disableUser'
  | 'deleteUser'
  | 'deleteGroup';

export interface AttributeChange {
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
}

interface Base {
  /** Unique within the host plan; dependencies refer to it. */
  readonly id: string;
  readonly why: string;
  readonly dependsOn: readonly string[];
}

export type Change = Base &
  (
    | { readonly kind: 'createGroup'; readonly group: string; readonly email?: string }
    | { readonly kind: 'updateGroup'; readonly group: string; readonly changes: readonly AttributeChange[] }
    | {
        readonly kind: 'createUser';
        readonly user: string;
        readonly fullname: string;
        readonly email: string;
        readonly active: boolean;
        readonly admin?: 0 | 1 | 2;
        readonly quota?: { readonly warnMiB: number; readonly softMiB: number; readonly hardMiB: number };
      }
    | { readonly kind: 'renameUser'; readonly from: string; readonly user: string }
    | { readonly kind: 'updateUser'; readonly user: string; readonly changes: readonly AttributeChange[] }
    | { readonly kind: 'setPassword'; readonly user: string }
    | {
        readonly kind: 'setFeature';
        readonly user: string;
        readonly feature: string;
        readonly enabled: boolean;
      }
    | { readonly kind: 'addMember' | 'removeMember'; readonly user: string; readonly group: string }
    | {
        readonly kind: 'addSendas' | 'removeSendas';
        readonly ownerKind: 'user' | 'group';
        readonly owner: string;
        readonly sender: string;
      }
    | { readonly kind: 'disableUser' | 'deleteUser'; readonly user: string }
    | { readonly kind: 'deleteGroup'; readonly group: string }
  );

export interface HostPlan {
  readonly host: string;
  /** sha256 of the host's state the plan was made from; apply refuses the host if it moved. */
  readonly stateFingerprint: string;
  readonly changes: readonly Change[];
  readonly unmanaged: { readonly users: readonly string[]; readonly groups: readonly string[] };
}

export interface Plan {
  readonly version: typeof PLAN_VERSION;
  readonly createdAt: string;
  readonly desiredFile: string;
  readonly hosts: readonly HostPlan[];
}

/** The order changes run in: creations, then edits and additions, then removals. */
export const PHASE: Record<ChangeKind, 0 | 1 | 2> = {
  createGroup: 0,
  renameUser: 0,
  createUser: 0,
  updateGroup: 1,
  updateUser: 1,
  setPassword: 1,
  setFeature: 1,
  addMember: 1,
  addSendas: 1,
  removeMember: 2,
  removeSendas: 2,
  disableUser: 2,
  deleteUser: 2,
  deleteGroup: 2,
};
