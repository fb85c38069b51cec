// What each command is for and how it is called: the help text, the usage in error hints, and the docs'
// command table. Apart from the table of loaders (command-table.ts), so that a command can quote its own usage.

export interface CommandText {
  summary: string;
  usage: string;
}

export const COMMAND_TEXTS: Record<string, CommandText> = {
  plan: {
    summary: 'allocate ports and show what render would write; writes nothing',
    usage: 'nso-multi plan [--allow-insecure-ipc] [--json]',
  },
  render: {
    summary: 'write every instance: ncs.conf, IPC secret, env file, state',
    usage: 'nso-multi render [--strict] [--allow-insecure-ipc] [--json]',
  },
  up: {
    summary: 'render, then start the instances and wait until each is ready',
    usage:
      'nso-multi up [NAME…] [--sim | --ncs PATH] [--concurrency N] [--timeout SECONDS] [--keep-going] [--wait-packages] [--watch-owner PID] [--collect DIR] [--strict] [--allow-insecure-ipc] [--json]',
  },
  status: {
    summary: 'show whether each instance runs, its pid and ports, and whether the ports listen',
    usage: 'nso-multi status [NAME…] [--json]',
  },
  logs: {
    summary:
      "print an instance's log (ncs.log by default; error decoded with ncs --printlog), or follow several",
    usage:
      'nso-multi logs [NAME…] [--file ncs|devel|audit|netconf|raft|java|python|error] [--lines N] [--follow]',
  },
  reload: {
    summary:
      "put the spec's packages in place and run NSO's packages reload in each running instance (--build: make them first)",
    usage: 'nso-multi reload [NAME…] [--build] [--force] [--timeout SECONDS] [--json]',
  },
  down: {
    summary: 'stop instances (ncs --stop, then TERM/KILL); --purge also removes their files',
    usage: 'nso-multi down [NAME…] [--purge]',
  },
  exec: {
    summary: "run a command with an instance's environment, e.g. exec NAME -- ncs_cli -u admin",
    usage: 'nso-multi exec NAME|--leader CLUSTER [--] CMD [ARGS…]',
  },
  env: {
    summary: 'print an instance\'s environment, for eval "$(nso-multi env NAME)"',
    usage: 'nso-multi env NAME [--format sh|dotenv|json]',
  },
  export: {
    summary:
      'write the same project for an orchestrator: `export compose` (docker compose), `export k8s` (Kubernetes)',
    usage:
      'nso-multi export compose|k8s [--out DIR] [--allow-insecure-ipc] [--json]; k8s also [--namespace NS]',
  },
  gc: {
    summary:
      'stop daemons orphaned by a crashed up and idle reused test clusters whose keeper is gone, and free stale port leases',
    usage: 'nso-multi gc [--dry-run] [--json]',
  },
  doctor: {
    summary: 'check the host and the project (ncs, ports, folders, leases, secrets), with a fix for each',
    usage: 'nso-multi doctor [--sim | --ncs PATH] [--json]',
  },
  sim: {
    summary: 'the bundled NSO simulator, with the `ncs` command line',
    usage:
      'nso-multi sim [-c FILE] [--cd DIR] [--foreground] | --status | --stop | --wait-started [N] | --version',
  },
};
