// The table of commands: name → its texts (command-texts.ts) and a lazy loader of its module.
import type { CommandEntry } from './command.js';
import { COMMAND_TEXTS } from './command-texts.js';

const LOADERS: Record<string, CommandEntry['load']> = {
  plan: () => import('./commands/plan.js'),
  render: () => import('./commands/render.js'),
  up: () => import('./commands/up.js'),
  status: () => import('./commands/status.js'),
  logs: () => import('./commands/logs.js'),
  reload: () => import('./commands/reload.js'),
  down: () => import('./commands/down.js'),
  exec: () => import('./commands/exec.js'),
  env: () => import('./commands/env.js'),
  export: () => import('./commands/export.js'),
  gc: () => import('./commands/gc.js'),
  doctor: () => import('./commands/doctor.js'),
  sim: () => import('./commands/sim.js'),
};

export const COMMANDS: Record<string, CommandEntry> = Object.fromEntries(
  Object.entries(COMMAND_TEXTS).map(([name, text]) => [name, { ...text, load: LOADERS[name]! }]),
);
