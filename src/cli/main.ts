#!/usr/bin/env node
// The nso-multi command line: a table of commands, each loaded only when it runs, so `env` starts fast.
//
// With --debug, stack traces are mapped back to src/ through the source maps beside the built files; only the
// modules loaded after this point are mapped, hence the dynamic import. A normal run never reads a map.
import * as module from 'node:module';
import { debugRequested } from './debug-flag.js';

// Node.js 22.1+ keeps the compiled code of the modules it loads on disk; Node.js 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const args = process.argv.slice(2);
if (debugRequested(args)) process.setSourceMapsEnabled(true);
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(args);
