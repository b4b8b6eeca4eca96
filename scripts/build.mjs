// Build: tsc for the library (dist/), plus two self-contained bundles:
// - dist/fake-zarafa-admin.cjs, the fake zarafa-admin for Node 18+, which the sshd harness and the
//   Docker image run;
// - dist/zfleet.cjs, the CLI that bin/zfleet.js runs. One file instead of ~600 modules halves the
//   controller's start-up CPU (measured: `zfleet --version` 0.57 s -> 0.22 s), which is most of what a
//   one-command fan-out costs over a bare ssh2 script (bench/README in README "Performance").
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});

/** Native add-ons stay where npm built them: ssh2's optional crypto binding is required by package
 * path (not by the relative path ssh2 uses), so the bundle keeps the fast native ciphers. */
const nativeAddons = {
  name: 'native-addons',
  setup(b) {
    b.onResolve({ filter: /sshcrypto\.node$/ }, () => ({
      path: 'ssh2/lib/protocol/crypto/build/Release/sshcrypto.node',
      external: true,
    }));
  },
};

/** zod's `z.locales` (every language's error messages, 350 KB of the bundle) is never used: zfleet
 * keeps zod's default English, which zod registers from its own locales/en.js. */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) =>
      /zod[\\/]v4[\\/](classic|core)[\\/]/.test(a.importer)
        ? { path: 'zod-locales', namespace: 'zfleet-empty' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zfleet-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};
await build({
  entryPoints: ['src/fake/main.ts'],
  outfile: 'dist/fake-zarafa-admin.cjs',
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  plugins: [noZodLocales],
  logLevel: 'warning',
});
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/zfleet.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // better-sqlite3 and cpu-features are native and load from node_modules as they are; JSONata and
  // csv-parse load from there too, and only when a desired state has sources.
  external: ['better-sqlite3', 'cpu-features', 'jsonata', 'csv-parse', 'csv-parse/*'],
  plugins: [nativeAddons, noZodLocales],
  // import() becomes require(): bin/zfleet.js compiles the bundle with vm.Script (for V8's code
  // cache), where a real import() would need a loader of its own.
  supported: { 'dynamic-import': false },
  // ESM sources (ours and yargs') ask import.meta.url for their own location.
  define: { 'import.meta.url': '__zfleetModuleUrl' },
  banner: { js: "var __zfleetModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// V8's code caches for both bundles: see scripts/write-code-caches.mjs.
execFileSync(process.execPath, ['scripts/write-code-caches.mjs'], { stdio: 'inherit' });
