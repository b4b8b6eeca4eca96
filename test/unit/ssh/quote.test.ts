// Quoting is checked against a real /bin/sh: whatever the words, the shell must see exactly them.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from '../../../src/ssh/quote.js';
import { buildRemoteCommandLine } from '../../../src/ssh/session.js';

function throughShell(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `set -- ${line}; for a in "$@"; do printf '%s\\0' "$a"; done`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    "'",
    '"',
    '$(id)',
    '`id`',
    '; rm -rf /',
    '\n',
    '-d',
    '--help',
    '*',
    '~',
    '\\',
    'a\'b"c',
    ' ',
    '',
    '$HOME',
    '!',
  ),
);

describe('shell quoting', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(shellQuote('zarafa-admin')).toBe('zarafa-admin');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("O'Brien")).toBe(`'O'\\''Brien'`);
    expect(shellQuote('')).toBe("''");
  });

  it('gives /bin/sh exactly the words, whatever they hold', () => {
    fc.assert(
      fc.property(
        fc.array(
          hostile.filter((s) => !s.includes('\0')),
          { minLength: 1, maxLength: 6 },
        ),
        (words) => {
          expect(throughShell(shellJoin(words))).toEqual(words);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses NUL, which no argv can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('wraps commands in the remote timeout, sudo and sh -c as asked', () => {
    expect(buildRemoteCommandLine({ argv: ['zarafa-admin', '-c', 'a b'] }, 60_000, false)).toBe(
      "timeout -k 3 60 zarafa-admin -c 'a b'",
    );
    expect(buildRemoteCommandLine({ argv: ['zarafa-admin', '-l'] }, 1500, true)).toBe(
      'timeout -k 3 2 sudo -n zarafa-admin -l',
    );
    expect(buildRemoteCommandLine({ script: 'uptime; id' }, 10_000, false)).toBe(
      "timeout -k 3 10 sh -c 'uptime; id'",
    );
  });
});
