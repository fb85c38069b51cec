#!/usr/bin/env node
// The nso-multi command line: a table of commands, each loaded only when it runs, so `env` starts fast.
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
