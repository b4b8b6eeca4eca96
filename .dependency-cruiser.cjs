/* Import rules for src/: no cycles, pure layers import no I/O, only the transport imports ssh2, nothing imports the CLI. */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'pure-layers-stay-pure',
      comment:
        'zarafa/, plan/, report/ and the emulator are pure: no node built-ins (files, processes, sockets)',
      severity: 'error',
      from: { path: '^src/(zarafa|plan|report|fake/emulator)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-layers-use-no-io-packages',
      severity: 'error',
      from: { path: '^src/(zarafa|plan|report|fake/emulator)/' },
      to: { path: 'node_modules/(ssh2|execa|testcontainers|better-sqlite3|proper-lockfile)/' },
    },
    {
      name: 'only-the-transport-and-fakes-import-ssh2',
      severity: 'error',
      from: { pathNot: '^src/(ssh|fake)/' },
      to: { path: 'node_modules/ssh2/' },
    },
    {
      name: 'fake-does-not-use-the-controller',
      comment: 'the fake host must stand on its own so it can ship in the Docker image',
      severity: 'error',
      from: { path: '^src/fake/(emulator|main)' },
      to: { path: '^src/(run|ssh|inventory|plan|journal|cli|testing)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
