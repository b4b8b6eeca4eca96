// The authentication attempts for one connection, in order: key, agent, password. A key file is read
// and parsed once per process (and passphrase), not once per host: on a fan-out over hundreds of
// hosts with one key, re-reading and re-parsing it was measurable controller CPU.
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, ParsedKey } from 'ssh2';

/** What a connection may authenticate with, all from the inventory and the environment. */
export interface Credentials {
  readonly privateKeyFile?: string;
  /** ZFLEET_SSH_KEY_PASSPHRASE */
  readonly passphrase?: string;
  /** SSH_AUTH_SOCK */
  readonly agent?: string;
  /** ZFLEET_SSH_PASSWORD */
  readonly password?: string;
}

const parsedKeys = new Map<string, { passphrase: string | undefined; key: ParsedKey }>();

/** The parsed private key; throws an Error that names what is wrong with it. */
export function loadPrivateKey(file: string, passphrase: string | undefined): ParsedKey {
  const cached = parsedKeys.get(file);
  if (cached && cached.passphrase === passphrase) return cached.key;
  const parsed = ssh2.utils.parseKey(readFileSync(file), passphrase);
  // Parsed here so a wrong or missing passphrase is named, not lost in "authentication failed".
  if (parsed instanceof Error)
    throw new Error(`${parsed.message} (passphrase from ZFLEET_SSH_KEY_PASSPHRASE)`);
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  parsedKeys.set(file, { passphrase, key });
  return key;
}

/** Throws only when nothing but an unusable key is offered (the caller names the key file). */
export function authMethods(c: Credentials, username: string): AnyAuthMethod[] {
  const methods: AnyAuthMethod[] = [];
  let keyError: Error | null = null;
  if (c.privateKeyFile) {
    try {
      methods.push({ type: 'publickey', username, key: loadPrivateKey(c.privateKeyFile, c.passphrase) });
    } catch (e) {
      keyError = e as Error;
    }
  }
  if (c.agent) methods.push({ type: 'agent', username, agent: c.agent });
  if (c.password) methods.push({ type: 'password', username, password: c.password });
  if (keyError && methods.length === 0) throw keyError;
  return methods;
}
