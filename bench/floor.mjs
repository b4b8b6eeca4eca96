#!/usr/bin/env node
// The floor: the least a Node program can do for one command per host — an ssh2 connect, exec and
// read, all hosts at once, nothing else. Usage: node bench/floor.mjs HOSTS.json COMMAND
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';

const [hostsFile, command] = process.argv.slice(2);
const { hosts, key } = JSON.parse(readFileSync(hostsFile, 'utf8'));
const privateKey = readFileSync(key);
let failed = 0;
await Promise.all(
  hosts.map(
    (h) =>
      new Promise((resolve) => {
        const c = new ssh2.Client();
        const expected = Buffer.from(h.hostKey.split(' ')[1], 'base64');
        c.on('error', () => {
          failed++;
          resolve();
        });
        c.on('ready', () =>
          c.exec(command, (err, ch) => {
            if (err) {
              failed++;
              c.end();
              return resolve();
            }
            let out = '';
            ch.on('data', (d) => (out += d));
            ch.stderr.on('data', () => undefined);
            ch.on('close', () => {
              if (!out.startsWith('User list for')) failed++;
              c.end();
              resolve();
            });
          }),
        );
        c.connect({
          host: h.address,
          port: h.port,
          username: 'root',
          privateKey,
          hostVerifier: (k) => k.equals(expected),
        });
      }),
  ),
);
process.exitCode = failed ? 1 : 0;
