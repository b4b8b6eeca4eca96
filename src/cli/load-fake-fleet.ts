// The fake fleet (ssh2 server, emulator, state files with proper-lockfile) is loaded only by the
// commands that serve one, demo and fake-fleet: evaluating it cost every other command start-up time,
// and the bundle turns these dynamic imports into modules initialised on first use.
export async function loadFakeFleet() {
  const [fleet, host, flavour] = await Promise.all([
    import('../fake/fleet/fleet.js'),
    import('../fake/host/run-on-host.js'),
    import('../fake/emulator/flavour.js'),
  ]);
  return { startFakeFleet: fleet.startFakeFleet, runOnHost: host.runOnHost, zarafa: flavour.zarafa };
}
