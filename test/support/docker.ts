// Whether Docker and the fake host image are there, asked of the daemon testcontainers would use.
import { execFileSync } from 'node:child_process';
import { DEFAULT_FAKE_HOST_IMAGE } from '../../src/testing/fake-host-container.js';

export function fakeHostImage(): string {
  return process.env['ZFLEET_FAKE_HOST_IMAGE'] ?? DEFAULT_FAKE_HOST_IMAGE;
}

export function dockerImageAvailable(image: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}
