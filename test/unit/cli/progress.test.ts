// The progress bar: drawn on a terminal after its delay, counts finished hosts, erased on stop; and
// nothing at all when disabled (not a terminal, or --json).
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../../src/cli/progress.js';
import type { HostOutcome } from '../../../src/run/outcome.js';

function fakeStream(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

const done = { kind: 'host-done', outcome: {} as HostOutcome } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('progressBar', () => {
  it('draws finished/total after the delay and erases its line on stop', async () => {
    const { stream, written } = fakeStream();
    const bar = progressBar(stream, true, 0);
    bar.sink({ kind: 'run-started', hosts: 4, forks: 2 });
    bar.sink(done);
    bar.sink(done);
    await sleep(450);
    bar.stop();
    const last = written.at(-2) ?? '';
    expect(last).toBe(`\r[${'#'.repeat(15)}${' '.repeat(15)}] 2/4 hosts`);
    expect(written.at(-1)).toBe('\r\u001b[K');
  });

  it('stays silent before its delay, and when disabled', async () => {
    const early = fakeStream();
    const bar = progressBar(early.stream, true, 10_000);
    bar.sink({ kind: 'run-started', hosts: 1, forks: 1 });
    await sleep(300);
    bar.stop();
    expect(early.written).toEqual([]);

    const off = fakeStream();
    const quiet = progressBar(off.stream, false, 0);
    quiet.sink({ kind: 'run-started', hosts: 1, forks: 1 });
    quiet.sink(done);
    await sleep(300);
    quiet.stop();
    expect(off.written).toEqual([]);
  });
});
