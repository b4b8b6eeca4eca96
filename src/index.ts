// zfleet's library entry point. The fake hosts for tests are in "zfleet/testing".
export { runZarafaAdmin } from './fake/emulator/program.js';
export type { Invocation, HostAccess, RunResult } from './fake/emulator/program.js';
