// Turns what ssh2 and the socket report into zfleet's error codes, and says which ones may be retried.
import { FleetError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';

const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
]);
const DROPPED_ERRNO = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** Connect-phase failures only: timeouts and dropped sockets are worth another try, nothing else is. */
export function isRetryableConnectError(e: FleetError): boolean {
  return e.code === 'unreachable' ? /timed out|ETIMEDOUT/i.test(e.message) : e.code === 'disconnected';
}

export function classifyConnectError(error: unknown, host: string, target: string): FleetError {
  if (error instanceof FleetError) return error;
  const e = error as NodeJS.ErrnoException & { level?: string };
  const code = e.code ?? '';
  let kind: ErrorCode;
  let what: string;
  if (e.level === 'client-authentication') {
    kind = 'auth-failed';
    what = e.message.startsWith('cannot use private key')
      ? e.message
      : 'authentication failed (no offered key or password was accepted)';
  } else if (/timed out while waiting for handshake/i.test(e.message) || code === 'ETIMEDOUT') {
    kind = 'unreachable';
    what = 'connect timed out';
  } else if (code === 'ECONNREFUSED') {
    kind = 'unreachable';
    what = 'connection refused';
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    kind = 'unreachable';
    what = 'name does not resolve';
  } else if (UNREACHABLE_ERRNO.has(code)) {
    kind = 'unreachable';
    what = `unreachable (${code})`;
  } else if (DROPPED_ERRNO.has(code) || /connection lost|socket hang up|closed/i.test(e.message)) {
    kind = 'disconnected';
    what = `connection dropped during the handshake (${code || e.message})`;
  } else {
    kind = 'unreachable';
    what = e.message;
  }
  return new FleetError(kind, `${target}: ${what}`, { host, cause: error });
}
