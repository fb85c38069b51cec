// `nso-multi status [NAME…] [--json]`: a table of the instances (or the StatusDocument as JSON); always exit 0,
// since a stopped or failed instance is something to report, not a failure of the command.

import { EXIT_OK } from '../../errors.js';
import type { LISTENER_KEYS } from '../../nso/listeners.js';
import type { InstanceStatus, StatusDocument } from '../../project/status.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { ADDITIONAL_HEADER, additionalCell, showsAdditional } from '../format-additional-listeners.js';
import { listenerHeader, shownListenerKeys } from '../format-listeners.js';
import { formatTable } from '../format-table.js';
import { parseCommandArgs } from '../parse-args.js';
import { noticePrinter } from '../print-notices.js';

function portCell(instance: InstanceStatus, key: (typeof LISTENER_KEYS)[number]): string {
  const port = instance.ports[key];
  const silent = instance.status === 'running' && instance.listening[key] === false;
  // IPC over a Unix socket has no port, but it is checked all the same.
  const shown = port ?? (key === 'ipc' && instance.listening.ipc !== null ? 'unix' : null);
  if (shown === null) return '-';
  return silent ? `${shown} (not listening)` : String(shown);
}

// The table people read: one row per instance, then why any failed one failed and which cannot be reached.
export function formatStatus(doc: StatusDocument): string {
  const keys = shownListenerKeys(doc.instances.map((i) => i.ports));
  const extra = showsAdditional(doc.instances.map((i) => i.additionalListeners));
  const raft = doc.instances.some((i) => i.haRaft !== undefined);
  const rows = doc.instances.map((i) => [
    i.name,
    i.status,
    i.pid === null ? '-' : String(i.pid),
    ...(raft ? [i.haRaft === undefined ? '-' : (i.haRaft.role ?? '-')] : []),
    ...keys.map((key) => portCell(i, key)),
    ...(extra
      ? [
          additionalCell(
            i.additionalListeners?.map((l) => ({
              port: l.port,
              silent: i.status === 'running' && !l.listening,
            })),
          ),
        ]
      : []),
  ]);
  const headers = [...keys.map(listenerHeader), ...(extra ? [ADDITIONAL_HEADER] : [])];
  const table = formatTable(['INSTANCE', 'STATUS', 'PID', ...(raft ? ['ROLE'] : []), ...headers], rows);
  const errors = doc.instances.flatMap((i) => [
    ...(i.error === undefined ? [] : [`${i.name}: ${i.error}`]),
    ...(i.secretDrift === undefined ? [] : [i.secretDrift.problem, `  fix: ${i.secretDrift.fix}`]),
  ]);
  const clusters = raft ? clusterLines(doc.instances) : [];
  const after = [...clusters, ...netsimLines(doc.instances), ...errors];
  return `${[table, ...(after.length > 0 ? ['', ...after] : [])].join('\n')}\n`;
}

// One line per instance with netsim devices: how many run, with their CLI and NETCONF ports.
export function netsimLines(instances: readonly InstanceStatus[]): string[] {
  return instances.flatMap((i) => {
    if (i.netsim === undefined) return [];
    const devices = i.netsim.devices;
    const running = devices.filter((d) => d.running).length;
    const first = devices[0]!.ports;
    const last = devices[devices.length - 1]!.ports;
    const range = (a: number, b: number) => (a === b ? String(a) : `${a}-${b}`);
    return [
      `${i.name}: netsim ${running} of ${devices.length} device(s) running (${devices.map((d) => d.name).join(', ')}); CLI SSH ${range(first.cliSsh, last.cliSsh)}, NETCONF SSH ${range(first.netconfSsh, last.netconfSsh)}`,
    ];
  });
}

// One line per HA Raft cluster: who leads (as its running nodes see it) and how many of its nodes run.
export function clusterLines(instances: readonly InstanceStatus[]): string[] {
  const clusters = new Map<string, InstanceStatus[]>();
  for (const i of instances) {
    if (i.haRaft === undefined) continue;
    clusters.set(i.haRaft.cluster, [...(clusters.get(i.haRaft.cluster) ?? []), i]);
  }
  return [...clusters].flatMap(([cluster, nodes]) => {
    const running = nodes.filter((n) => n.status === 'running');
    const tail = `${running.length} of ${nodes.length} nodes running`;
    // Roles that could not be read: once for the cluster when every node says the same (the simulator).
    const errors = running.flatMap((n) =>
      n.haRaft?.error === undefined ? [] : [`${n.name}: ${n.haRaft.error}`],
    );
    const reasons = new Set(running.map((n) => n.haRaft?.error));
    if (running.length > 0 && errors.length === running.length && reasons.size === 1) {
      return [`cluster ${cluster}: roles unknown (${[...reasons][0]}); ${tail}`];
    }
    const leaders = new Set(running.flatMap((n) => (n.haRaft?.leader ? [n.haRaft.leader] : [])));
    const leader =
      leaders.size === 1
        ? `leader ${[...leaders][0]}`
        : leaders.size === 0
          ? 'no leader'
          : `leaders ${[...leaders].join(', ')} (split)`;
    return [`cluster ${cluster}: ${leader}; ${tail}`, ...errors.map((e) => `  role unknown: ${e}`)];
  });
}

// What people should know about epmd when the project has HA Raft nodes.
export function epmdNote(epmd: NonNullable<StatusDocument['epmd']>): string {
  const state = epmd.listening ? 'listening' : 'not running';
  return `the HA Raft nodes register with epmd on port ${epmd.port} (${state}); NSO starts it, and it outlives the instances`;
}

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.status!.usage;
  const parsed = parseCommandArgs(args, { json: { type: 'boolean' } }, usage, global);
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.status!.summary}\n`);
    return EXIT_OK;
  }
  const { status } = await import('../../project/status.js');
  const doc = await status({
    config: parsed.global.config,
    cwd: io.cwd,
    names: parsed.positionals,
    onNotice: noticePrinter(io.stderr),
  });
  if (doc.instances.length === 0)
    io.stderr('note: nothing rendered yet; run `nso-multi render` or `nso-multi up`\n');
  io.stdout(parsed.values.json ? `${JSON.stringify(doc, null, 2)}\n` : formatStatus(doc));
  if (doc.epmd && !parsed.values.json) io.stderr(`note: ${epmdNote(doc.epmd)}\n`);
  return EXIT_OK;
};
