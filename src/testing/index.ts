// zfleet/testing: fake Zarafa hosts for integration tests (in-process, behind sshd, or in Docker).
export { startFakeFleet, hostNames } from '../fake/fleet/fleet.js';
export type { FakeFleet, FakeFleetHost, FakeFleetOptions } from '../fake/fleet/fleet.js';
export { startSshdFleet, sshdAvailable } from './sshd-fleet.js';
export type { SshdFleet, SshdHost, SshdFleetOptions } from './sshd-fleet.js';
export { startFakeZarafaHost, DEFAULT_FAKE_HOST_IMAGE, CONTAINER_STATE_DIR } from './fake-host-container.js';
export type { FakeZarafaHost, FakeZarafaHostOptions } from './fake-host-container.js';
export { StateDir } from '../fake/host/state-dir.js';
export type { FaultsInput } from '../fake/host/faults.js';
