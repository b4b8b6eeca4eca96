// Rollouts like Ansible's serial/max_fail_percentage: an optional canary wave that must fully succeed,
// then batches; the rollout stops when the share of failed or unreachable hosts passes --max-fail.
// Hosts never reached are reported as skipped.
import type { HostSettings } from '../inventory/settings.js';
import type { HostOutcome } from './outcome.js';

export interface RolloutOptions {
  /** Hosts in the first wave, alone; any failure there stops the rollout. 0 = no canary. */
  readonly canary: number;
  /** Hosts per later wave: a count, or a percentage of all hosts ("25%"). Default: all at once. */
  readonly batch: string | undefined;
  /** Stop when more than this percentage of the hosts done so far failed or were unreachable. */
  readonly maxFailPercent: number;
  /** Checked after every wave: a reason to stop, or null. */
  readonly stopIf?: () => string | null;
}

export function parseBatchSize(spec: string | undefined, total: number): number {
  if (spec === undefined) return Math.max(1, total);
  const m = /^(\d+)(%?)$/.exec(spec.trim());
  if (!m || Number(m[1]) === 0)
    throw new Error(`--batch must be a positive count or percentage, not "${spec}"`);
  return m[2] ? Math.max(1, Math.ceil((total * Number(m[1])) / 100)) : Number(m[1]);
}

export function planWaves(hosts: readonly HostSettings[], o: RolloutOptions): HostSettings[][] {
  const waves: HostSettings[][] = [];
  const canary = Math.min(o.canary, hosts.length);
  if (canary > 0) waves.push(hosts.slice(0, canary));
  const rest = hosts.slice(canary);
  const size = parseBatchSize(o.batch, hosts.length);
  for (let i = 0; i < rest.length; i += size) waves.push(rest.slice(i, i + size));
  return waves;
}

const bad = (o: HostOutcome): boolean => o.status === 'failed' || o.status === 'unreachable';

export async function rollout(
  hosts: readonly HostSettings[],
  o: RolloutOptions,
  runWave: (wave: HostSettings[]) => Promise<HostOutcome[]>,
  /** Hosts that already failed before the rollout (e.g. unreachable while planning): they count. */
  prior: readonly HostOutcome[] = [],
): Promise<{ outcomes: HostOutcome[]; stoppedBecause: string | null }> {
  const outcomes: HostOutcome[] = [];
  let stoppedBecause: string | null = null;
  const waves = planWaves(hosts, o);
  const priorFailed = prior.filter(bad).length;
  if (prior.length > 0 && (priorFailed / (prior.length + hosts.length)) * 100 > o.maxFailPercent) {
    stoppedBecause = `${priorFailed} of ${prior.length + hosts.length} hosts failed or were unreachable before any change, more than --max-fail ${o.maxFailPercent}%`;
  }
  for (const [i, wave] of waves.entries()) {
    if (stoppedBecause) {
      outcomes.push(
        ...wave.map((h): HostOutcome => ({ host: h.name, status: 'skipped', commands: [], durationMs: 0 })),
      );
      continue;
    }
    const done = await runWave(wave);
    outcomes.push(...done);
    const failedNow = done.filter(bad).length;
    if (i === 0 && o.canary > 0 && failedNow > 0) {
      stoppedBecause = `canary failed on ${done
        .filter(bad)
        .map((d) => d.host)
        .join(', ')}`;
      continue;
    }
    const external = o.stopIf?.() ?? null;
    if (external) {
      stoppedBecause = external;
      continue;
    }
    const failedSoFar = outcomes.filter(bad).length + priorFailed;
    const doneSoFar = outcomes.length + prior.length;
    if ((failedSoFar / doneSoFar) * 100 > o.maxFailPercent) {
      stoppedBecause = `${failedSoFar} of ${doneSoFar} hosts failed or were unreachable, more than --max-fail ${o.maxFailPercent}%`;
    }
  }
  return { outcomes, stoppedBecause };
}
