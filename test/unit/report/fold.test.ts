import { describe, expect, it } from 'vitest';
import { foldHostNames } from '../../../src/report/fold.js';

describe('foldHostNames', () => {
  it('compresses numbered names into ranges, keeping their width', () => {
    expect(foldHostNames(['mail01', 'mail02', 'mail03', 'mail07'])).toBe('mail[01-03,07]');
    expect(foldHostNames(['db1'])).toBe('db1');
    expect(foldHostNames(['web', 'mail1.example.org', 'mail2.example.org'])).toBe(
      'web,mail[1-2].example.org',
    );
    expect(foldHostNames(['a9', 'a10'])).toBe('a9,a10');
  });
});
