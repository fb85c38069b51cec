// The human view of a plan: one row per instance with its ports and env file.
import { relative } from 'node:path';
import type { Plan } from '../model.js';
import { ADDITIONAL_HEADER, additionalCell, showsAdditional } from './format-additional-listeners.js';
import { listenerHeader, shownListenerKeys } from './format-listeners.js';
import { formatTable } from './format-table.js';

// A path as the user would type it from where they are: relative when inside cwd, absolute otherwise.
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : `./${rel}`;
}

// Renders the plan as a table plus where the files are and how to use them.
export function formatPlan(plan: Plan, cwd: string, written: boolean): string {
  const port = (p: number | null) => (p === null ? '-' : String(p));
  const keys = shownListenerKeys(plan.instances.map((i) => i.ports)).filter((key) => key !== 'ipc');
  const extra = showsAdditional(plan.instances.map((i) => i.additionalListeners));
  const rows = plan.instances.map((i) => [
    i.name,
    i.spec.ipc.transport === 'unix' ? 'unix socket' : `${i.spec.ipc.address}:${i.ports.ipc}`,
    ...keys.map((key) => port(i.ports[key])),
    ...(extra ? [additionalCell(i.additionalListeners)] : []),
    i.spec.ipc.transport === 'unix' ? 'uid' : i.secretFile === null ? 'off' : i.spec.ipc.accessCheck.mode,
    displayPath(i.envFile, cwd),
  ]);
  const table = formatTable(
    [
      'INSTANCE',
      'IPC',
      ...keys.map(listenerHeader),
      ...(extra ? [ADDITIONAL_HEADER] : []),
      'ACCESS-CHECK',
      'ENV FILE',
    ],
    rows,
  );
  const first = plan.instances[0];
  const lines = [
    `project ${plan.project} · ${plan.instances.length} instance(s) · NSO ${plan.nsoVersion} · spec ${displayPath(plan.specFile, cwd)}`,
    '',
    table,
    '',
    written
      ? `Run dirs (ncs.conf, secret) in ${displayPath(plan.workdir, cwd)}/<name>/; state in ${displayPath(plan.stateFile, cwd)}.`
      : 'Nothing was written (plan). `nso-multi render` writes these files.',
  ];
  if (written && first)
    lines.push(
      `Use an instance from a shell: . ${displayPath(first.envFile, cwd)}   (or: eval "$(nso-multi env ${first.name})")`,
    );
  return `${lines.join('\n')}\n`;
}
