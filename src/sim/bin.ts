#!/usr/bin/env node
// Executable entry of the simulator: `node dist/sim/bin.js ARGS...` behaves like `ncs ARGS...`.
import { simMain } from './main.js';

process.exit(await simMain(process.argv.slice(2)));
