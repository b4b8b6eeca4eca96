// known_hosts checks against files written and hashed by OpenSSH's own ssh-keygen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprint,
  knownHostsName,
  parseKnownHosts,
  patternsMatch,
} from '../../../src/ssh/known-hosts.js';

function newKey(dir: string, name: string): { line: string; blob: Buffer; fingerprint: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  const line = readFileSync(`${path}.pub`, 'utf8').trim();
  const fp = execFileSync('ssh-keygen', ['-l', '-f', `${path}.pub`])
    .toString()
    .split(' ')[1] as string;
  return { line, blob: Buffer.from(line.split(' ')[1] as string, 'base64'), fingerprint: fp };
}

describe('known_hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zfleet-kh-'));
  const a = newKey(dir, 'a');
  const b = newKey(dir, 'b');
  const keyPart = (k: { line: string }) => k.line.split(' ').slice(0, 2).join(' ');

  it('names hosts as OpenSSH does', () => {
    expect(knownHostsName('mail', 22)).toBe('mail');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('matches plain, port-qualified, wildcard and negated patterns', () => {
    expect(patternsMatch('mail1,mail2', 'mail2')).toBe(true);
    expect(patternsMatch('[127.0.0.1]:2222', '[127.0.0.1]:2222')).toBe(true);
    expect(patternsMatch('[127.0.0.1]:2222', '127.0.0.1')).toBe(false);
    expect(patternsMatch('*.example.org,!bad.example.org', 'good.example.org')).toBe(true);
    expect(patternsMatch('*.example.org,!bad.example.org', 'bad.example.org')).toBe(false);
    expect(patternsMatch('mail?', 'mail7')).toBe(true);
  });

  it('reads entries hashed by ssh-keygen -H', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `mail.example.org ${keyPart(a)}\n[10.0.0.1]:2200 ${keyPart(b)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('mail.example.org');
    const entries = parseKnownHosts(text, file);
    expect(checkHostKey(entries, 'mail.example.org', a.blob).kind).toBe('known');
    expect(checkHostKey(entries, '[10.0.0.1]:2200', b.blob).kind).toBe('known');
    expect(checkHostKey(entries, 'mail.example.org', b.blob).kind).toBe('changed');
    expect(checkHostKey(entries, 'other.example.org', a.blob).kind).toBe('unknown');
  });

  it('refuses @revoked keys and ignores @cert-authority lines', () => {
    const entries = parseKnownHosts(
      `@revoked * ${keyPart(a)}\n@cert-authority *.example.org ${keyPart(b)}\nmail ${keyPart(a)}\n`,
      'f',
    );
    expect(checkHostKey(entries, 'mail', a.blob)).toEqual({ kind: 'revoked', where: 'f:1' });
    expect(checkHostKey(entries, 'x.example.org', b.blob).kind).toBe('unknown');
  });

  it('prints fingerprints as ssh-keygen -l does', () => {
    expect(fingerprint(a.blob)).toBe(a.fingerprint);
  });
});
