// SSH keys of a fake fleet: one host key per host and one client key, kept in the fleet directory so a
// restarted fleet keeps its identity (and its known_hosts stays valid).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import ssh2 from 'ssh2';

export interface KeyPair {
  readonly privateKey: string;
  /** OpenSSH one-line form: "ssh-ed25519 AAAA...". */
  readonly publicKey: string;
}

/** Reads PATH and PATH.pub, or makes a new ed25519 pair there (private key mode 0600). */
export function loadOrCreateKeyPair(path: string, comment: string): KeyPair {
  if (existsSync(path) && existsSync(`${path}.pub`)) {
    return { privateKey: readFileSync(path, 'utf8'), publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
  }
  const pair = generateParsableKeyPair(comment);
  writeFileSync(path, pair.private, { mode: 0o600 });
  writeFileSync(`${path}.pub`, pair.public.trim() + '\n');
  return { privateKey: pair.private, publicKey: pair.public.trim() };
}

/** The "type base64" part of a public key line, as known_hosts and authorized_keys hold it. */
export function publicKeyBody(publicKey: string): string {
  return publicKey.split(/\s+/).slice(0, 2).join(' ');
}

/** ssh2's generator makes an ed25519 key its own parser rejects about 3 times in 1000 (measured here);
 * such a key would stop a host from starting, so draw again. */
function generateParsableKeyPair(comment: string): { private: string; public: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new Error('could not generate an ed25519 key that ssh2 can parse');
}
