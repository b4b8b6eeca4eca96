// What plan and apply share: the desired state, the journal, host scoping and the plan phase.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { DesiredState } from '../desired/load.js';
import type { LoadedInventory } from '../inventory/load.js';
import { selectHosts } from '../inventory/select.js';
import type { HostSettings } from '../inventory/settings.js';
import { Journal } from '../journal/journal.js';
import type { HostPlan } from '../plan/types.js';
import { planHost } from '../run/converge.js';
import type { ConvergeContext } from '../run/converge.js';
import { fanOut } from '../run/fan-out.js';
import type { HostOutcome } from '../run/outcome.js';
import type { Transport } from '../ssh/types.js';
import type { FleetArgs } from './fleet-options.js';

export interface ConvergeArgs extends FleetArgs {
  desired: string | undefined;
  journal: string | undefined;
  'prune-unmanaged': boolean;
}

export function convergeOptions<T>(
  y: Argv<T>,
): Argv<T & Pick<ConvergeArgs, 'desired' | 'journal' | 'prune-unmanaged'>> {
  return y
    .option('desired', { alias: 'd', type: 'string', describe: 'desired state file (YAML or JSON)' })
    .option('journal', {
      type: 'string',
      describe: 'journal file (default: zfleet-journal.sqlite next to the inventory)',
    })
    .option('prune-unmanaged', {
      type: 'boolean',
      default: false,
      describe: 'also remove users and groups zfleet did not create or adopt',
    }) as unknown as Argv<T & Pick<ConvergeArgs, 'desired' | 'journal' | 'prune-unmanaged'>>;
}

export function journalPath(args: Pick<ConvergeArgs, 'journal' | 'inventory'>): string {
  return resolve(args.journal ?? resolve(dirname(resolve(args.inventory)), 'zfleet-journal.sqlite'));
}

/** The journal if it exists (plan reads it; only apply creates it). */
export function openJournal(path: string, create: boolean): Journal | null {
  return create || existsSync(path) ? new Journal(path) : null;
}

export function scopeOf(loaded: LoadedInventory): (host: string, pattern: string) => boolean {
  const cache = new Map<string, Set<string>>();
  return (host, pattern) => {
    let hosts = cache.get(pattern);
    if (!hosts) {
      hosts = new Set(selectHosts(loaded.inventory, pattern));
      cache.set(pattern, hosts);
    }
    return hosts.has(host);
  };
}

export async function planAll(
  hosts: readonly HostSettings[],
  transport: Transport,
  ctx: ConvergeContext,
  forks: number,
): Promise<{ plans: Map<string, HostPlan>; outcomes: HostOutcome[] }> {
  const plans = new Map<string, HostPlan>();
  const { outcomes } = await fanOut(
    hosts,
    transport,
    async (hctx) => {
      const plan = await planHost(ctx, hctx.session, hctx.host);
      plans.set(hctx.host.name, plan);
      return { status: plan.changes.length > 0 ? 'changed' : 'ok' };
    },
    { forks },
  );
  return { plans, outcomes };
}

export type { DesiredState };
