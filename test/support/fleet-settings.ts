// Host settings for a fake fleet, read through the real inventory loader, and a transport for them.
import type { FakeFleet } from '../../src/fake/fleet/fleet.js';
import { chooseHosts, loadInventory } from '../../src/inventory/load.js';
import type { HostSettings } from '../../src/inventory/settings.js';
import { Ssh2Transport } from '../../src/ssh/transport.js';
import type { Ssh2TransportOptions } from '../../src/ssh/transport.js';

export function fleetSettings(fleet: Pick<FakeFleet, 'inventoryPath'>, pattern = 'all'): HostSettings[] {
  return chooseHosts(loadInventory(fleet.inventoryPath), pattern);
}

export function testTransport(options: Partial<Ssh2TransportOptions> = {}): Ssh2Transport {
  return new Ssh2Transport({
    hostKeyPolicy: 'strict',
    knownHostsFiles: [],
    sshConfigPath: 'none',
    env: {},
    retryBaseMs: 50,
    ...options,
  });
}
