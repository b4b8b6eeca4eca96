import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/fake/emulator/table.js';

describe('renderTable', () => {
  it('renders the -l example of the spec to the character', () => {
    const rows = [
      ['SYSTEM', 'SYSTEM', 'Zarafa'],
      ['alice', 'Alice Smith', ''],
      ['bob', 'Bob Jones', ''],
    ];
    expect(renderTable(['Username', 'Fullname', 'Homeserver'], rows)).toBe(
      '\tUsername\tFullname\tHomeserver\t\n' +
        '\t---------------------------------------------\n' +
        '\tSYSTEM\t\tSYSTEM\t\tZarafa\t\n' +
        '\talice\t\tAlice Smith\t\t\n' +
        '\tbob\t\tBob Jones\t\t\n',
    );
  });

  it('prints the header and 24 hyphens for an empty send-as list', () => {
    expect(renderTable(['Username', 'Fullname'], [])).toBe(
      '\tUsername\tFullname\t\n\t' + '-'.repeat(24) + '\n',
    );
  });

  it('counts characters, not bytes, when aligning', () => {
    const out = renderTable(null, [
      ['zoë', 'x'],
      ['abcdefgh', 'y'],
    ]);
    expect(out).toBe('\tzoë\t\tx\t\n\tabcdefgh\ty\t\n');
  });

  it('renders the feature rows of a default user', () => {
    const out = renderTable(null, [
      ['PR_EC_ENABLED_FEATURES', ''],
      ['PR_EC_DISABLED_FEATURES', 'imap; pop3'],
    ]);
    expect(out).toBe('\tPR_EC_ENABLED_FEATURES\t\t\n\tPR_EC_DISABLED_FEATURES\timap; pop3\t\n');
  });
});
