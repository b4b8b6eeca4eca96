// Builders -> batch script -> a real /bin/sh -> the emulator: for thousands of hostile generated names,
// fullnames and passwords, the emulator's invocation log holds exactly the argv zfleet meant, and each
// password arrives intact on stdin (never in argv).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { zarafa } from '../../../src/fake/emulator/flavour.js';
import { writeBinDir } from '../../../src/fake/fleet/fleet.js';
import { runOnHost } from '../../../src/fake/host/run-on-host.js';
import { sha256, StateDir } from '../../../src/fake/host/state-dir.js';
import { buildBatchScript } from '../../../src/zarafa/batch.js';
import { createUser } from '../../../src/zarafa/builders.js';
import type { AdminCall } from '../../../src/zarafa/builders.js';
import { InvalidValueError, valueProblem } from '../../../src/zarafa/names.js';
import { linesOf } from '../../support/direct-target.js';
import { requireBuild } from '../../support/paths.js';

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(...`'"\`$\\;|&<>(){}[]*?!#~ \t\n-=%@:,.`.split(''), 'a', 'é', '山'),
      minLength: 1,
      maxLength: 10,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '-d',
      '--help',
      '-p',
      '--',
      '-',
      'SYSTEM',
      'everyone',
      '$(id)',
      '`id`',
      "'; rm -rf / #",
      'a\nb',
      ' ',
    ),
  },
);

interface Case {
  name: string;
  fullname: string;
  password: string;
}

/** A stand-in zarafa-admin for the shell: records argc, argv and stdin exactly, NUL-separated. */
function recordingStub(dir: string): string {
  const bin = join(dir, 'stub-bin');
  mkdirSync(bin, { recursive: true });
  const stub = join(bin, 'zarafa-admin');
  writeFileSync(
    stub,
    `#!/bin/sh\n{ printf '%s\\0' "$#"; printf '%s\\0' "$@"; in=$(cat; printf x); printf '%s\\0' "\${in%x}"; } >> "$ZF_LOG"\n`,
  );
  chmodSync(stub, 0o755);
  return bin;
}

function readRecords(path: string): { argv: string[]; stdin: string }[] {
  const fields = readFileSync(path).toString('utf8').split('\0');
  const out: { argv: string[]; stdin: string }[] = [];
  let i = 0;
  while (i < fields.length - 1) {
    const argc = Number(fields[i++]);
    const argv = fields.slice(i, i + argc);
    i += argc;
    out.push({ argv, stdin: fields[i++] as string });
  }
  return out;
}

/** The calls a case yields, or null when the builder rightly refused it. */
function build(c: Case): AdminCall | null {
  try {
    return createUser({
      name: c.name,
      fullname: c.fullname,
      email: 'x@example.org',
      password: new Secret(c.password),
      active: true,
    });
  } catch (e) {
    if (!(e instanceof InvalidValueError)) throw e;
    const invalid =
      valueProblem('user name', c.name) !== null ||
      valueProblem('full name', c.fullname) !== null ||
      /[\n\r\0]/.test(c.password) ||
      Buffer.byteLength(c.password) > 79;
    expect(invalid, `refused a valid case: ${e.message}`).toBe(true);
    return null;
  }
}

describe('no value ever becomes shell syntax', () => {
  it('keeps argv and passwords exact for thousands of generated cases through /bin/sh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zfleet-inject-'));
    const bin = recordingStub(dir);
    let total = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: hostile, fullname: hostile, password: hostile }), {
          minLength: 80,
          maxLength: 120,
        }),
        async (cases) => {
          const log = join(dir, 'argv.log');
          const state = new StateDir(join(dir, `state-${total}`));
          rmSync(log, { force: true });
          const calls = cases.map(build).filter((c): c is AdminCall => c !== null);
          const { script } = buildBatchScript(calls, {
            adminPath: 'zarafa-admin',
            become: false,
            stopOnFailure: false,
            token: '0123456789abcdef0123',
          });
          execFileSync('/bin/sh', ['-s'], {
            input: script,
            env: { PATH: `${bin}:/usr/bin:/bin`, ZF_LOG: log },
          });
          const records = readRecords(log);
          expect(records.map((r) => r.argv)).toEqual(calls.map((c) => c.args));
          for (const [k, r] of records.entries()) {
            const pw = calls[k]?.password?.reveal() as string;
            expect(r.stdin).toBe(`${pw}\n${pw}\n`);
            await runOnHost(state, { argv: r.argv, env: {}, flavour: zarafa, readLine: linesOf(r.stdin) });
          }
          expect(state.readInvocations().map((i) => i.argv)).toEqual(calls.map((c) => c.args));
          const stored = new Map(
            state.readState().objects.map((o) => [o.name, o.kind === 'user' ? o.passwordSha256 : null]),
          );
          for (const c of calls) {
            const name = c.args[c.args.indexOf('-c') + 1] as string;
            const expected = sha256(
              Buffer.from(c.password?.reveal() as string)
                .subarray(0, 79)
                .toString(),
            );
            if (stored.get(name) !== undefined && stored.get(name) === expected) continue;
            // Only a case-insensitive duplicate of an earlier name may be missing or differ.
            expect(
              calls.some(
                (o) =>
                  o !== c &&
                  (o.args[o.args.indexOf('-c') + 1] as string).toUpperCase() === name.toUpperCase(),
              ),
            ).toBe(true);
          }
          total += calls.length;
        },
      ),
      { numRuns: 40 },
    );
    expect(total).toBeGreaterThan(2500);
  });

  it('gives the same argv through the real bundled emulator behind /bin/sh', () => {
    requireBuild();
    const dir = mkdtempSync(join(tmpdir(), 'zfleet-inject-real-'));
    const bin = writeBinDir(dir, 'zarafa');
    const state = new StateDir(join(dir, 'state'));
    const cases = fc.sample(fc.record({ name: hostile, fullname: hostile, password: hostile }), {
      numRuns: 40,
      seed: 7,
    });
    const calls = cases.map(build).filter((c): c is AdminCall => c !== null);
    const { script } = buildBatchScript(calls, {
      adminPath: 'zarafa-admin',
      become: false,
      stopOnFailure: false,
      token: '0123456789abcdef0123',
    });
    execFileSync('/bin/sh', ['-s'], {
      input: script,
      env: { PATH: `${bin}:/usr/bin:/bin`, ZARAFA_STATE: state.dir, ZARAFA_FLAVOUR: 'zarafa' },
    });
    expect(calls.length).toBeGreaterThan(10);
    expect(state.readInvocations().map((i) => i.argv)).toEqual(calls.map((c) => c.args));
    expect(state.readInvocations().every((i) => i.stdinRead)).toBe(true);
  });
});
