// Tests that need sshd or Docker: in CI a missing one is a failure; on a laptop they skip, visibly.
import { describe } from 'vitest';

export const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** describe() when the requirement is met; otherwise a failing suite in CI and a loud skip elsewhere. */
export function describeWith(requirement: string, available: boolean, name: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  if (IN_CI) {
    describe(name, () => {
      throw new Error(`${requirement} is required in CI but is not available`);
    });
    return;
  }
  console.warn(`SKIPPED "${name}": ${requirement} is not available on this machine`);
  describe.skip(name, body);
}
