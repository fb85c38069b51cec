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
  const rows = doc.instances.map((i) => [
    i.name,
    i.status,
    i.pid === null ? '-' : String(i.pid),
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
  const table = formatTable(['INSTANCE', 'STATUS', 'PID', ...headers], rows);
  const errors = doc.instances.flatMap((i) => [
    ...(i.error === undefined ? [] : [`${i.name}: ${i.error}`]),
    ...(i.secretDrift === undefined ? [] : [i.secretDrift.problem, `  fix: ${i.secretDrift.fix}`]),
  ]);
  return `${[table, ...(errors.length > 0 ? ['', ...errors] : [])].join('\n')}\n`;
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
