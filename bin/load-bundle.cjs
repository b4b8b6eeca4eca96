// Loads dist/zfleet.cjs the way require() would, but with V8's code cache: compiling the 2 MB bundle
// is a third of zfleet's start-up CPU, and the cache (written once at build time, next to the bundle)
// turns it into a quick deserialisation. A cache from another Node version or another build is simply
// rejected by V8 and the bundle compiles as usual; nothing is written at run time.
'use strict';
const { readFileSync, writeFileSync, renameSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

function loadBundle(file, { writeCache = false } = {}) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
  });
  const mod = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  if (writeCache) {
    // After a run, so the functions that run compiled too; written whole, then renamed into place.
    process.once('exit', () => {
      writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  return mod.exports;
}

module.exports = { loadBundle };
