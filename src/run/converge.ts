// Plan and apply on one host: gather, diff against the desired state, then run the changes in three
// waves (create, change, remove) as batches, each step journaled before and after; a step whose
// dependency failed is skipped; a saved plan is refused when the host moved since it was made.
import { createHash } from 'node:crypto';
import { FleetError } from '../core/errors.js';
import type { Secret } from '../core/secret.js';
import type { DesiredState } from '../desired/load.js';
import { wantedOnHost } from '../desired/for-host.js';
import type { HostSettings } from '../inventory/settings.js';
import type { Journal } from '../journal/journal.js';
import { diffHost } from '../plan/diff.js';
import { changeToCall } from '../plan/to-calls.js';
import { PHASE } from '../plan/types.js';
import type { Change, HostPlan } from '../plan/types.js';
import type { HostSession } from '../ssh/types.js';
import { canonicalState } from '../zarafa/state.js';
import type { HostState } from '../zarafa/state.js';
import { runBatch } from './batch.js';
import type { TaskResult } from './fan-out.js';
import { gatherHostState } from './gather.js';

export interface ConvergeContext {
  readonly desired: DesiredState;
  /** Whether `host` is selected by an inventory pattern (for users and groups scoped to hosts). */
  readonly inScope: (host: string, pattern: string) => boolean;
  readonly journal: Journal | null;
  readonly pruneUnmanaged: boolean;
}

export function stateFingerprint(state: HostState): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalState(state)))
    .digest('hex');
}

export function planFromState(ctx: ConvergeContext, host: HostSettings, state: HostState): HostPlan {
  const wanted = wantedOnHost(ctx.desired, (pattern) => ctx.inScope(host.name, pattern));
  const managed = ctx.journal?.managed(host.name) ?? { users: new Set<string>(), groups: new Set<string>() };
  const { changes, unmanaged } = diffHost({
    wanted,
    actual: state,
    policy: ctx.desired.spec.policy,
    managed,
    pruneUnmanaged: ctx.pruneUnmanaged,
    passwordChanged: (user) => {
      const pw = ctx.desired.passwords.get(user.toUpperCase());
      return pw !== undefined && (ctx.journal?.passwordChanged(host.name, user, pw) ?? false);
    },
  });
  return { host: host.name, stateFingerprint: stateFingerprint(state), changes, unmanaged };
}

export async function planHost(
  ctx: ConvergeContext,
  session: HostSession,
  host: HostSettings,
): Promise<HostPlan> {
  return planFromState(ctx, host, await gatherHostState(session, host));
}

export interface ApplyOptions {
  readonly runId: number;
  readonly journal: Journal;
  /** The plan shown to (and accepted by) the operator; without one the host is planned afresh. */
  readonly saved?: HostPlan;
}

/** What zfleet runs on a host to hold its apply lock: flock exits 75 at once if another holds it. */
export const LOCK_READY = 'zfleet-lock-held';
export function lockCommand(lockFile: string): string[] {
  return ['flock', '-n', '-E', '75', lockFile, 'sh', '-c', `echo ${LOCK_READY}; exec cat >/dev/null`];
}

/** Applies under the host's lock, so two controllers never change one host at once. */
export async function applyHost(
  ctx: ConvergeContext,
  session: HostSession,
  host: HostSettings,
  opts: ApplyOptions,
): Promise<TaskResult & { plan: HostPlan }> {
  let lock;
  try {
    lock = await session.hold(lockCommand(host.lockFile), LOCK_READY);
  } catch (e) {
    if (!(e instanceof FleetError) || e.code !== 'host-locked') throw e;
    const message = `${host.name}: another zfleet holds ${host.lockFile} on this host; nothing was changed`;
    return {
      status: 'failed',
      error: { code: 'host-locked', message },
      plan: { host: host.name, stateFingerprint: '', changes: [], unmanaged: { users: [], groups: [] } },
    };
  }
  try {
    return await applyLocked(ctx, session, host, opts);
  } finally {
    await lock.release();
  }
}

async function applyLocked(
  ctx: ConvergeContext,
  session: HostSession,
  host: HostSettings,
  opts: ApplyOptions,
): Promise<TaskResult & { plan: HostPlan }> {
  const state = await gatherHostState(session, host);
  const fresh = planFromState(ctx, host, state);
  if (opts.saved && opts.saved.stateFingerprint !== fresh.stateFingerprint) {
    return {
      status: 'failed',
      error: {
        code: 'stale-plan',
        message: `${host.name}: stale plan: the host changed since the plan was made; plan again`,
      },
      plan: fresh,
    };
  }
  const plan = opts.saved ?? fresh;
  const outcome = new Map<string, 'ok' | 'failed' | 'skipped' | 'unknown'>();
  const passwordOf = (user: string) => ctx.desired.passwords.get(user.toUpperCase());
  let transportError: TaskResult['error'] | undefined;
  for (const phase of [0, 1, 2]) {
    const wave: { change: Change; stepId: number }[] = [];
    for (const change of plan.changes.filter((c) => PHASE[c.kind] === phase)) {
      const stepId = opts.journal.stepStarted(opts.runId, host.name, change);
      if (transportError || change.dependsOn.some((d) => outcome.get(d) !== 'ok')) {
        outcome.set(change.id, 'skipped');
        opts.journal.stepEnded(stepId, 'skipped');
      } else wave.push({ change, stepId });
    }
    if (wave.length === 0) continue;
    const calls = wave.map((w) => changeToCall(w.change, passwordOf));
    const run = await runBatch(session, host, calls, {
      stopOnFailure: false,
      onResult: (r) => {
        const w = wave[r.index];
        if (!w) return;
        const ok = r.exitCode === 0;
        outcome.set(w.change.id, ok ? 'ok' : 'failed');
        // This runs inside the channel's data handler: a journal that cannot be written is noted
        // here and stops the host after this batch, rather than escaping as an uncaught error.
        try {
          opts.journal.stepEnded(w.stepId, ok ? 'ok' : 'failed', {
            exitCode: r.exitCode,
            stdout: r.stdout,
            stderr: r.stderr,
          });
          if (ok) recordSuccess(opts.journal, host.name, w.change, passwordOf);
        } catch {
          /* opts.journal.broken says why */
        }
      },
    });
    for (const w of wave) if (!outcome.has(w.change.id)) outcome.set(w.change.id, 'unknown');
    if (run.error) transportError = { code: run.error.code, message: run.error.message };
    if (opts.journal.broken) {
      return {
        status: 'failed',
        error: {
          code: 'journal',
          message: `${host.name}: ${opts.journal.broken.message}; stopped changing this host`,
        },
        plan,
      };
    }
  }
  adoptWanted(ctx, opts.journal, host, state);
  const failed = [...outcome.values()].filter((o) => o !== 'ok');
  if (transportError) return { status: 'failed', error: transportError, plan };
  if (failed.length > 0) {
    return {
      status: 'failed',
      error: {
        code: 'remote-exit',
        message: `${host.name}: ${failed.length} of ${plan.changes.length} changes did not apply (see zfleet runs show)`,
      },
      plan,
    };
  }
  return {
    status: plan.changes.length > 0 ? 'changed' : 'ok',
    plan,
    facts: { changes: plan.changes.length },
  };
}

function recordSuccess(
  journal: Journal,
  host: string,
  c: Change,
  passwordOf: (user: string) => Secret | undefined,
): void {
  if (c.kind === 'createUser' || c.kind === 'renameUser') journal.setManaged(host, 'user', c.user, true);
  if (c.kind === 'renameUser') journal.setManaged(host, 'user', c.from, false);
  if (c.kind === 'createGroup') journal.setManaged(host, 'group', c.group, true);
  if (c.kind === 'deleteUser') journal.setManaged(host, 'user', c.user, false);
  if (c.kind === 'deleteGroup') journal.setManaged(host, 'group', c.group, false);
  if ((c.kind === 'createUser' && c.active) || c.kind === 'setPassword') {
    const pw = passwordOf(c.user);
    if (pw) journal.recordPassword(host, c.user, pw);
  }
}

/** Objects that already matched a wanted one are adopted: zfleet manages them from now on. */
function adoptWanted(ctx: ConvergeContext, journal: Journal, host: HostSettings, before: HostState): void {
  const wanted = wantedOnHost(ctx.desired, (pattern) => ctx.inScope(host.name, pattern));
  const users = new Set(before.users.map((u) => u.name.toUpperCase()));
  const groups = new Set(before.groups.map((g) => g.name.toUpperCase()));
  for (const u of wanted.users)
    if (users.has(u.name.toUpperCase())) journal.setManaged(host.name, 'user', u.name, true);
  for (const g of wanted.groups)
    if (groups.has(g.name.toUpperCase())) journal.setManaged(host.name, 'group', g.name, true);
}
