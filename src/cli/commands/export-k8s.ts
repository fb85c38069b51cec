// `nso-multi export k8s`: render, then write the Kubernetes manifests; prints where, and how to reach the
// instances. Never prints the secrets the file holds.
import { relative } from 'node:path';
import { EXIT_OK } from '../../errors.js';
import { exportK8s } from '../../export/export-k8s.js';
import { formWaitCommand } from '../../export/k8s-ha-raft.js';
import type { K8sManifest } from '../../export/k8s-types.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { envFileHint } from '../env-file-hint.js';
import { parseCommandArgs, refusePositionals } from '../parse-args.js';
import { printNotices } from '../print-notices.js';

const USAGE = 'nso-multi export k8s [--out DIR] [--namespace NS] [--allow-insecure-ipc] [--json]';

export const run: CliCommand['run'] = async (args, global, io) => {
  const parsed = parseCommandArgs(
    args,
    {
      out: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      json: { type: 'boolean' },
      'allow-insecure-ipc': { type: 'boolean' },
    },
    USAGE,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${USAGE}\n  ${COMMAND_TEXTS.export!.summary}\n`);
    return EXIT_OK;
  }
  refusePositionals(parsed.positionals, 'export k8s', USAGE);
  const { out, namespace } = parsed.values;
  const result = await exportK8s({
    config: parsed.global.config,
    cwd: io.cwd,
    allowInsecureIpc: parsed.values['allow-insecure-ipc'] === true,
    ...(out === undefined ? {} : { out }),
    ...(namespace === undefined ? {} : { namespace }),
  });
  printNotices(result.notices, io.stderr);
  if (parsed.values.json) {
    const document = {
      file: result.file,
      namespace: namespace ?? null,
      objects: result.manifests.map((m) => ({ kind: m.kind, name: m.metadata.name })),
      instances: result.plan.instances.map((instance, index) => ({
        name: instance.name,
        envFile: instance.envFile,
        portForward: result.portForwards[index]?.commands ?? [],
        notForwarded: (result.portForwards[index]?.notForwarded ?? []).map((p) => p.key),
      })),
    };
    io.stdout(`${JSON.stringify(document, null, 2)}\n`);
    return EXIT_OK;
  }
  const shown = relative(io.cwd, result.file) || result.file;
  const lines = [
    `wrote ${shown}: ${result.manifests.length} objects for ${result.plan.instances.length} instances`,
    `apply: kubectl apply -f ${shown}`,
    `reach the instances on the ports of their env files (${envFileHint(result.plan, io.cwd)}) after:`,
    ...result.portForwards.flatMap((forward) => [
      ...forward.commands.map((command) => `  ${command}`),
      ...forward.notForwarded.map(
        (port) => `  (${forward.instance} ${port.key}: UDP, kubectl cannot forward it)`,
      ),
    ]),
    ...formLines(result.manifests, namespace),
    '',
  ];
  io.stdout(lines.join('\n'));
  return EXIT_OK;
};

// How to wait for the Jobs that form the HA Raft clusters, if there are any.
function formLines(manifests: readonly K8sManifest[], namespace: string | undefined): string[] {
  const jobs = manifests.filter((m) => m.kind === 'Job');
  if (jobs.length === 0) return [];
  return [
    'HA Raft: a Job forms each cluster; wait until it has a leader with:',
    ...jobs.map((job) => `  ${formWaitCommand(job.metadata.name, namespace)}`),
  ];
}
