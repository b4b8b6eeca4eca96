// What a zarafa-admin failure means, keyed on the exit code first (0/1 are the tool's; 124/137 are the
// remote timeout's; 126/127 the shell's), then on the stable parts of the stderr text. Both flavours:
// ", " or ": " separators, names quoted or not (§6).

export type AdminFailure =
  | 'ok'
  | 'not-found'
  | 'already-exists'
  | 'not-supported'
  | 'no-access'
  | 'server-down'
  | 'password-mismatch'
  | 'invalid-input'
  | 'missing-information'
  | 'command-not-found'
  | 'timeout'
  | 'unknown';

export function classifyAdminResult(exitCode: number, stderr: string): AdminFailure {
  if (exitCode === 0) return 'ok';
  if (exitCode === 124 || exitCode === 137) return 'timeout';
  if (exitCode === 126 || exitCode === 127) return 'command-not-found';
  if (exitCode !== 1) return 'unknown';
  if (/Unable to open Admin session|The server is not running|Access was denied on/.test(stderr))
    return 'server-down';
  if (/Passwords don't match|Password cannot be empty/.test(stderr)) return 'password-mismatch';
  if (/Invalid input '/.test(stderr)) return 'invalid-input';
  if (/already exists|already present|already in sendas list/.test(stderr)) return 'already-exists';
  if (/not supported by server/.test(stderr)) return 'not-supported';
  if (/[,:] no access |\(0x80070005\)/.test(stderr)) return 'no-access';
  if (/not found|Failed to resolve/.test(stderr)) return 'not-found';
  if (/^Missing |Not all user specific/m.test(stderr)) return 'missing-information';
  return 'unknown';
}
