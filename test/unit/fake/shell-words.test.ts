import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSimpleCommand, tokenizeShellLine } from '../../../src/fake/shell-words.js';

/** What /bin/sh makes of a command line: its argv, one NUL-terminated word each. */
function shellArgv(command: string): string[] {
  const out = execFileSync('/bin/sh', [
    '-c',
    `set -- ${command}; for a in "$@"; do printf '%s\\0' "$a"; done`,
  ]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('parseSimpleCommand', () => {
  it('splits words, quotes and backslashes as sh does', () => {
    expect(parseSimpleCommand(`zarafa-admin -c 'a b' -f "Miles O'Brien" x\\ y`)).toEqual({
      env: {},
      argv: ['zarafa-admin', '-c', 'a b', '-f', "Miles O'Brien", 'x y'],
    });
  });

  it('reads leading assignments as environment', () => {
    expect(parseSimpleCommand(`LANG=C.UTF-8 X='1 2' zarafa-admin A=b`)).toEqual({
      env: { LANG: 'C.UTF-8', X: '1 2' },
      argv: ['zarafa-admin', 'A=b'],
    });
  });

  it.each(['a | b', 'a; b', 'a && b', 'echo $HOME', 'echo "$x"', 'ls *', 'a > f', '# c', 'a\nb', "a 'open"])(
    'refuses %j, which needs a real shell',
    (command) => {
      expect(parseSimpleCommand(command)).toBeNull();
    },
  );

  it('agrees with /bin/sh on single-quoted words of any content', () => {
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('\0')),
          { minLength: 1, maxLength: 4 },
        ),
        (words) => {
          const command = words.map(quote).join(' ');
          const parsed = parseSimpleCommand(command);
          expect(parsed?.argv).toEqual(words);
          expect(shellArgv(command)).toEqual(words);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('tokenizes batch lines, keeping NAME=value words as words', () => {
    expect(
      tokenizeShellLine(
        `printf '%s\\n%s\\n' 'p w' x=1 | zarafa-admin -c a=b -f 'x y' </dev/null; zf 3 || exit 0`,
      ),
    ).toEqual([
      { word: 'printf' },
      { word: '%s\\n%s\\n' },
      { word: 'p w' },
      { word: 'x=1' },
      { op: '|' },
      { word: 'zarafa-admin' },
      { word: '-c' },
      { word: 'a=b' },
      { word: '-f' },
      { word: 'x y' },
      { op: '<' },
      { word: '/dev/null' },
      { op: ';' },
      { word: 'zf' },
      { word: '3' },
      { op: '||' },
      { word: 'exit' },
      { word: '0' },
    ]);
  });
});
