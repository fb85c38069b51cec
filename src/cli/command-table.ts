// The table of commands: name → one-line summary, usage, and a lazy loader of its module.
import type { CommandEntry } from './command.js';

export const COMMANDS: Record<string, CommandEntry> = {
  plan: {
    summary: 'allocate ports and show what render would write; writes nothing',
    usage: 'nso-multi plan [--allow-insecure-ipc] [--json]',
    load: () => import('./commands/plan.js'),
  },
  render: {
    summary: 'write every instance: ncs.conf, IPC secret, env file, state',
    usage: 'nso-multi render [--strict] [--allow-insecure-ipc] [--json]',
    load: () => import('./commands/render.js'),
  },
  up: {
    summary: 'render, then start the instances and wait until each is ready',
    usage:
      'nso-multi up [NAME…] [--sim | --ncs PATH] [--concurrency N] [--timeout SECONDS] [--keep-going] [--watch-owner PID] [--strict] [--allow-insecure-ipc] [--json]',
    load: () => import('./commands/up.js'),
  },
  status: {
    summary: 'show whether each instance runs, its pid and ports, and whether the ports listen',
    usage: 'nso-multi status [NAME…] [--json]',
    load: () => import('./commands/status.js'),
  },
  down: {
    summary: 'stop instances (ncs --stop, then TERM/KILL); --purge also removes their files',
    usage: 'nso-multi down [NAME…] [--purge]',
    load: () => import('./commands/down.js'),
  },
  exec: {
    summary: "run a command with an instance's environment, e.g. exec NAME -- ncs_cli -u admin",
    usage: 'nso-multi exec NAME [--] CMD [ARGS…]',
    load: () => import('./commands/exec.js'),
  },
  env: {
    summary: 'print an instance\'s environment, for eval "$(nso-multi env NAME)"',
    usage: 'nso-multi env NAME [--format sh|dotenv|json]',
    load: () => import('./commands/env.js'),
  },
  export: {
    summary:
      'write the same project for an orchestrator: `export compose` (docker compose), `export k8s` (Kubernetes)',
    usage:
      'nso-multi export compose|k8s [--out DIR] [--allow-insecure-ipc] [--json]; k8s also [--namespace NS]',
    load: () => import('./commands/export.js'),
  },
  gc: {
    summary: 'stop daemons orphaned by a crashed up, and free stale port leases on this host',
    usage: 'nso-multi gc [--dry-run] [--json]',
    load: () => import('./commands/gc.js'),
  },
  doctor: {
    summary: 'check the host and the project (ncs, ports, folders, leases, secrets), with a fix for each',
    usage: 'nso-multi doctor [--sim | --ncs PATH] [--json]',
    load: () => import('./commands/doctor.js'),
  },
  sim: {
    summary: 'the bundled NSO simulator, with the `ncs` command line',
    usage:
      'nso-multi sim [-c FILE] [--cd DIR] [--foreground] | --status | --stop | --wait-started [N] | --version',
    load: () => import('./commands/sim.js'),
  },
};
