#!/usr/bin/env node
// The nso-multi command line: a table of commands, each loaded only when it runs, so `env` starts fast.
//
// The bundle (scripts/bundle.mjs) builds this entry as CommonJS, so that its chunks can go through a V8
// code cache (compile-cache.ts): a warm start skips compiling them. That is also why there is no top-level
// await here. With --debug, stack traces are mapped back to src/ through the source maps the bundle ships
// and the cache stays off (a cached chunk would bypass Node's source-map hook); only the modules loaded
// after this point are mapped, hence the dynamic import. A normal run never reads a map: parsing them at
// every start would cost more than the bundle saves.
import { fileURLToPath } from 'node:url';
import { compileCacheDir, installCompileCache } from './compile-cache.js';
import { debugRequested } from './debug-flag.js';

const args = process.argv.slice(2);
if (debugRequested(args)) {
  process.setSourceMapsEnabled(true);
} else {
  const cacheDir = compileCacheDir();
  const codeDir = fileURLToPath(new URL('..', import.meta.url));
  if (cacheDir !== undefined) installCompileCache({ codeDir, cacheDir });
}

void import('./run-cli.js')
  .then(({ runCli }) => runCli(args))
  .then((code) => {
    process.exitCode = code;
  });
