#!/usr/bin/env node
// The nso-multi command line: a table of commands, each loaded only when it runs, so `env` starts fast.
// With --debug, stack traces are mapped back to src/ through the source maps the bundle ships
// (scripts/bundle.mjs); only the modules loaded after this point are mapped, hence the dynamic import. A
// normal run never reads a map: parsing them at every start would cost more than the bundle saves.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { runCli } = await import('./run-cli.js');

process.exitCode = await runCli(process.argv.slice(2));
