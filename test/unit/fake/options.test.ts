import { describe, expect, it } from 'vitest';
import { zarafa, kopano } from '../../../src/fake/emulator/flavour.js';
import { atoi, parseAdminLevel, parseOptions, parseYes } from '../../../src/fake/emulator/options.js';

describe('value parsing', () => {
  it.each([
    ['yes', 1],
    ['y', 1],
    ['1', 1],
    ['2', 2],
    ['7', 2],
    ['no', 0],
    ['0', 0],
    ['Y', 0],
    ['YES', 0],
    ['-1', -1],
    ['-3', -3],
    [' 1x', 1],
  ])('-a %s gives %i', (value, level) => {
    expect(parseAdminLevel(value)).toBe(level);
  });

  it('treats y... and 1... as yes for -n and --qo', () => {
    expect([parseYes('yes'), parseYes('1'), parseYes('Yes'), parseYes('no'), parseYes('')]).toEqual([
      1, 1, 0, 0, 0,
    ]);
  });

  it('parses like C atoi', () => {
    expect([atoi('  42abc'), atoi('+7'), atoi('-9'), atoi('abc'), atoi('')]).toEqual([42, 7, -9, 0, 0]);
  });
});

describe('parseOptions', () => {
  it('lets the last action win and keeps the last username', () => {
    const { options } = parseOptions(['-c', 'a', '-d', 'b'], zarafa, false);
    expect(options.mode).toBe('deleteUser');
    expect(options.username).toBe('b');
  });

  it('permutes plain words and keeps them as operands', () => {
    const { options, operands } = parseOptions(['-c', 'a', 'stray', '-f', 'x'], zarafa, false);
    expect(operands).toEqual(['stray']);
    expect(options.fullname).toBe('x');
  });

  it('takes an option-like word as the value of an option that needs one', () => {
    expect(parseOptions(['-c', '-d'], zarafa, false).options.username).toBe('-d');
    expect(parseOptions(['-c', '--help'], zarafa, false).options.mode).toBe('createUser');
  });

  it('rejects non-printable values and, outside UTF-8, non-ASCII ones', () => {
    const r = parseOptions(['-c', 'a\nb', '-f', 'Jürgen'], zarafa, false);
    expect(r.options.username).toBeNull();
    expect(r.options.fullname).toBeNull();
    expect(r.stderr).toEqual(["Invalid input 'a\nb' found.", "Invalid input 'Jürgen' found."]);
    expect(parseOptions(['--utf8', '-f', 'Jürgen'], zarafa, false).options.fullname).toBe('Jürgen');
  });

  it('accepts unique prefixes of long options and =value', () => {
    const r = parseOptions(['--det=alice', '--ty', 'group'], zarafa, false);
    expect(r.options.mode).toBe('details');
    expect(r.options.username).toBe('alice');
    expect(r.options.type).toBe('group');
  });

  it("uses glibc's wording for kopano", () => {
    expect(parseOptions(['-l', '-x'], kopano, false).stderr).toEqual(["kopano-admin: invalid option -- 'x'"]);
    expect(parseOptions(['-l', '-x'], zarafa, false).stderr).toEqual(['zarafa-admin: illegal option -- x']);
  });
});
