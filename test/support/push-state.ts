// Recreates a pulled host state on an empty host through zfleet's builders and batches (a test helper;
// plan/apply does this properly, with diffs).
import { Secret } from '../../src/core/secret.js';
import type { HostSettings } from '../../src/inventory/settings.js';
import { runBatch } from '../../src/run/batch.js';
import type { HostSession } from '../../src/ssh/types.js';
import * as build from '../../src/zarafa/builders.js';
import type { AdminCall } from '../../src/zarafa/builders.js';
import type { HostState } from '../../src/zarafa/state.js';

export function recreateCalls(state: HostState): AdminCall[] {
  const password = new Secret('Recreated-Pw-1');
  const calls: AdminCall[] = state.groups.map((g) => build.createGroup(g.name, g.email || undefined));
  for (const u of state.users) {
    calls.push(
      build.createUser({
        name: u.name,
        fullname: u.fullname,
        email: u.email,
        active: u.active,
        admin: u.admin,
        ...(u.active ? { password } : {}),
        ...(u.quota.override ? { quota: u.quota } : {}),
      }),
    );
    for (const f of u.features.enabled) calls.push(build.setFeature(u.name, f, true));
    for (const f of u.features.disabled) calls.push(build.setFeature(u.name, f, false));
  }
  for (const g of state.groups) for (const m of g.members) calls.push(build.addMember(m, g.name));
  for (const u of state.users)
    for (const s of u.sendas) calls.push(build.changeSendas('user', u.name, s, true));
  for (const g of state.groups)
    for (const s of g.sendas) calls.push(build.changeSendas('group', g.name, s, true));
  return calls;
}

export async function pushState(session: HostSession, host: HostSettings, state: HostState): Promise<void> {
  const run = await runBatch(session, host, recreateCalls(state), {
    stopOnFailure: true,
    timeoutMs: 600_000,
  });
  if (run.error) throw run.error;
  const failed = run.results.find((r) => r === null || r.exitCode !== 0);
  if (failed !== undefined)
    throw new Error(`${host.name}: recreate failed: ${failed ? failed.stderr : 'a call did not run'}`);
}
