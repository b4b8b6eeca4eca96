// Reads a host's actual state: one batch for the two lists, then the details and send-as lists of
// every user and group in a few batches side by side (at most the host's channel limit).
import { FleetError } from '../core/errors.js';
import type { HostSettings } from '../inventory/settings.js';
import type { HostSession } from '../ssh/types.js';
import * as build from '../zarafa/builders.js';
import type { AdminCall } from '../zarafa/builders.js';
import type { CallResult } from '../zarafa/batch.js';
import { parseGroupDetails, parseUserDetails } from '../zarafa/parse-details.js';
import { ParseError } from '../zarafa/parse-error.js';
import { parseGroupList, parseSendasList, parseUserList } from '../zarafa/parse-lists.js';
import { canonicalState } from '../zarafa/state.js';
import type { ActualGroup, ActualUser, HostState } from '../zarafa/state.js';
import { runBatch } from './batch.js';

/** Calls per batch: large enough that channels, not round trips, bound a big host. */
export const GATHER_BATCH_SIZE = 300;

export interface GatherStats {
  /** SSH channels (exec requests) the gather used. */
  channels: number;
  calls: number;
}

function ok(host: string, call: AdminCall, r: CallResult | null): string {
  if (!r)
    throw new FleetError('remote-exit', `${host}: zarafa-admin ${call.args.join(' ')} did not run`, { host });
  if (r.exitCode !== 0) {
    throw new FleetError(
      'remote-exit',
      `${host}: zarafa-admin ${call.args.join(' ')} exited ${r.exitCode}: ${r.stderr.trim().split('\n')[0] ?? ''}`,
      { host },
    );
  }
  return r.stdout;
}

async function runAll(
  session: HostSession,
  host: HostSettings,
  calls: AdminCall[],
  stats: GatherStats,
): Promise<(CallResult | null)[]> {
  const chunks: AdminCall[][] = [];
  const size = Math.max(GATHER_BATCH_SIZE, Math.ceil(calls.length / Math.max(1, host.channels)));
  for (let i = 0; i < calls.length; i += size) chunks.push(calls.slice(i, i + size));
  stats.channels += chunks.length;
  stats.calls += calls.length;
  const runs = await Promise.all(
    chunks.map((chunk) => runBatch(session, host, chunk, { stopOnFailure: false })),
  );
  for (const run of runs) if (run.error) throw run.error;
  return runs.flatMap((r) => r.results);
}

function parsed<T>(host: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ParseError)
      throw new FleetError('remote-exit', `${host}: cannot read zarafa-admin output: ${e.message}`, {
        host,
        cause: e,
      });
    throw e;
  }
}

export async function gatherHostState(
  session: HostSession,
  host: HostSettings,
  stats: GatherStats = { channels: 0, calls: 0 },
): Promise<HostState> {
  const lists = [build.listUsers(), build.listGroups()];
  const [usersOut, groupsOut] = await runAll(session, host, lists, stats);
  const userNames = parsed(host.name, () =>
    parseUserList(ok(host.name, lists[0] as AdminCall, usersOut ?? null)),
  ).map((u) => u.name);
  const groupNames = parsed(host.name, () =>
    parseGroupList(ok(host.name, lists[1] as AdminCall, groupsOut ?? null)),
  );
  const calls: AdminCall[] = [
    ...userNames.flatMap((n) => [build.userDetails(n), build.listSendas('user', n)]),
    ...groupNames.flatMap((n) => [build.groupDetails(n), build.listSendas('group', n)]),
  ];
  const results = await runAll(session, host, calls, stats);
  const out = (i: number): string => ok(host.name, calls[i] as AdminCall, results[i] ?? null);
  const users: ActualUser[] = userNames.map((_, k) => {
    const d = parsed(host.name, () => parseUserDetails(out(2 * k)));
    const s = parsed(host.name, () => parseSendasList(out(2 * k + 1)));
    return {
      name: d.name,
      fullname: d.fullname,
      email: d.email,
      active: d.active,
      admin: d.admin,
      hidden: d.hidden,
      features: { enabled: d.enabledFeatures, disabled: d.disabledFeatures },
      quota: d.quota,
      groups: d.groups,
      sendas: s.senders,
    };
  });
  const base = 2 * userNames.length;
  const groups: ActualGroup[] = groupNames.map((_, k) => {
    const d = parsed(host.name, () => parseGroupDetails(out(base + 2 * k)));
    const s = parsed(host.name, () => parseSendasList(out(base + 2 * k + 1)));
    return { name: d.name, email: d.email, members: d.members, sendas: s.senders };
  });
  return canonicalState({ host: host.name, flavour: host.flavour, users, groups });
}
