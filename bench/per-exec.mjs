#!/usr/bin/env node
// Separate execs on reused connections, through zfleet's own transport (dist/ssh): opens one session
// per host of an inventory, then runs `zarafa-admin -l` COUNT times on each, one after another per
// host, every host at once. w3.mjs times this with two counts; the difference is the controller's cost
// per exec on a connection that is already open. Usage: node bench/per-exec.mjs INVENTORY COUNT
import { join } from 'node:path';
import { REPO } from './lib/measure.mjs';

const [inventoryPath, countText] = process.argv.slice(2);
const count = Number(countText);
const { loadInventory, chooseHosts } = await import(join(REPO, 'dist', 'inventory', 'load.js'));
const { Ssh2Transport } = await import(join(REPO, 'dist', 'ssh', 'transport.js'));

const hosts = chooseHosts(loadInventory(inventoryPath), 'all');
const transport = new Ssh2Transport({ hostKeyPolicy: 'strict', sshConfigPath: 'none', knownHostsFiles: [] });
let failed = 0;
try {
  await Promise.all(
    hosts.map(async (host) => {
      const session = await transport.open(host);
      for (let i = 0; i < count; i++) {
        const r = await session.exec({ argv: ['zarafa-admin', '-l'] });
        if (r.exitCode !== 0 || !r.stdout.startsWith('User list for')) failed++;
      }
    }),
  );
} finally {
  await transport.close();
}
if (failed) console.error(`${failed} execs failed`);
process.exitCode = failed ? 1 : 0;
