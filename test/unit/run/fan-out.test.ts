// The runner against a scripted transport: concurrency limits, events, and errors turned into outcomes.
import { describe, expect, it } from 'vitest';
import { FleetError } from '../../../src/core/errors.js';
import type { HostSettings } from '../../../src/inventory/settings.js';
import type { RunEvent } from '../../../src/run/events.js';
import { fanOut } from '../../../src/run/fan-out.js';
import type { ExecResult, HostSession, RemoteCommand, Transport } from '../../../src/ssh/types.js';

function host(name: string): HostSettings {
  return {
    name,
    address: name,
    port: 22,
    user: 'root',
    privateKeyFile: undefined,
    proxyJump: undefined,
    knownHostsFiles: [],
    flavour: 'zarafa',
    adminPath: 'zarafa-admin',
    become: false,
    channels: 8,
    connectTimeoutMs: 1000,
    commandTimeoutMs: 1000,
    groups: ['all'],
    lockFile: '/var/lock/zfleet-apply.lock',
  };
}

/** Each host name picks its behaviour: "down*" cannot connect, "bad*" exits 1, others echo. */
function scriptedTransport(): Transport & { maxParallel: number; opened: string[] } {
  let active = 0;
  const t = {
    maxParallel: 0,
    opened: [] as string[],
    async open(h: HostSettings): Promise<HostSession> {
      active++;
      t.maxParallel = Math.max(t.maxParallel, active);
      await new Promise((r) => setTimeout(r, 5));
      t.opened.push(h.name);
      if (h.name.startsWith('down')) {
        active--;
        throw new FleetError('unreachable', `${h.name}: connection refused`, { host: h.name });
      }
      return {
        host: h.name,
        connectMs: 1,
        exec: async (cmd: RemoteCommand): Promise<ExecResult> => {
          await new Promise((r) => setTimeout(r, 5));
          active--;
          const text = 'argv' in cmd ? cmd.argv.join(' ') : cmd.script;
          return {
            stdout: `${h.name}: ${text}\n`,
            stderr: '',
            exitCode: h.name.startsWith('bad') ? 1 : 0,
            durationMs: 5,
          };
        },
        hold: async () => ({ release: async () => undefined }),
        close: async () => undefined,
      };
    },
    close: async () => undefined,
  };
  return t;
}

describe('fanOut', () => {
  it('never works on more hosts than --forks at once, and reports each host once', async () => {
    const transport = scriptedTransport();
    const hosts = Array.from({ length: 40 }, (_, i) => host(`h${i}`));
    const events: RunEvent[] = [];
    const { outcomes, summary } = await fanOut(
      hosts,
      transport,
      async (ctx) => {
        await ctx.run({ argv: ['zarafa-admin', '-l'] });
        return { status: 'ok' };
      },
      { forks: 7, emit: (e) => events.push(e) },
    );
    expect(transport.maxParallel).toBeLessThanOrEqual(7);
    expect(transport.maxParallel).toBeGreaterThan(1);
    expect(outcomes.map((o) => o.host)).toEqual(hosts.map((h) => h.name));
    expect(summary).toMatchObject({ hosts: 40, ok: 40 });
    expect(events[0]).toMatchObject({ kind: 'run-started', hosts: 40, forks: 7 });
    expect(events.at(-1)).toMatchObject({ kind: 'run-done' });
    expect(events.filter((e) => e.kind === 'host-done')).toHaveLength(40);
    expect(events.filter((e) => e.kind === 'command-finished')).toHaveLength(40);
  });

  it('turns connection errors into unreachable and failed commands into failed, without stopping others', async () => {
    const hosts = ['ok1', 'down1', 'bad1', 'ok2'].map(host);
    const { outcomes, summary } = await fanOut(
      hosts,
      scriptedTransport(),
      async (ctx) => {
        const r = await ctx.run({ argv: ['zarafa-admin', '-l'] });
        return { status: r.exitCode === 0 ? 'ok' : 'failed' };
      },
      { forks: 2 },
    );
    expect(outcomes.map((o) => [o.host, o.status, o.error?.code])).toEqual([
      ['ok1', 'ok', undefined],
      ['down1', 'unreachable', 'unreachable'],
      ['bad1', 'failed', undefined],
      ['ok2', 'ok', undefined],
    ]);
    expect(summary).toMatchObject({ ok: 2, failed: 1, unreachable: 1 });
  });

  it('reports a task that throws as failed with its error', async () => {
    const { outcomes } = await fanOut(
      [host('a')],
      scriptedTransport(),
      async () => {
        throw new FleetError('exec-timeout', 'a: command timed out', { host: 'a' });
      },
      { forks: 1 },
    );
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'exec-timeout' } });
  });
});
