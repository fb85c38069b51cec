// The table of commands: name → one-line summary, usage, and a lazy loader of its module.
import type { CommandEntry } from './command.js';

export const COMMANDS: Record<string, CommandEntry> = {
  plan: {
    summary: 'allocate ports and show what render would write; writes nothing',
    usage: 'nso-multi plan [--json]',
    load: () => import('./commands/plan.js'),
  },
  render: {
    summary: 'write every instance: ncs.conf, IPC secret, env file, state',
    usage: 'nso-multi render [--json]',
    load: () => import('./commands/render.js'),
  },
  env: {
    summary: 'print an instance\'s environment, for eval "$(nso-multi env NAME)"',
    usage: 'nso-multi env NAME [--format sh|dotenv|json]',
    load: () => import('./commands/env.js'),
  },
  sim: {
    summary: 'the bundled NSO simulator, with the `ncs` command line',
    usage:
      'nso-multi sim [-c FILE] [--cd DIR] [--foreground] | --status | --stop | --wait-started [N] | --version',
    load: () => import('./commands/sim.js'),
  },
};
