// `nso-multi gc [--dry-run] [--json]`: stop orphaned daemons and free stale port leases on this host.
import { EXIT_OK, NsoMultiError } from '../../errors.js';
import type { Lease } from '../../leases/lease.js';
import { gc } from '../../project/gc.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { parseCommandArgs } from '../parse-args.js';

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.gc!.usage;
  const parsed = parseCommandArgs(
    args,
    { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    usage,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.gc!.summary}\n`);
    return EXIT_OK;
  }
  if (parsed.positionals.length > 0) {
    throw new NsoMultiError('USAGE', 'gc takes no arguments', { hint: `usage: ${usage}` });
  }
  const dryRun = parsed.values['dry-run'] === true;
  const result = await gc({ dryRun, env: io.env });
  if (parsed.values.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  }
  const verb = dryRun ? 'would stop' : 'stopped';
  for (const o of result.orphans) {
    io.stdout(`${verb} orphan ${o.instance} (pid ${o.pid}) of ${o.project}${o.how ? ` (${o.how})` : ''}\n`);
  }
  for (const r of result.reused) {
    io.stdout(`${verb} idle reused cluster ${r.project} (${r.key}, ${r.dir})\n`);
  }
  // One line per project: a vanished project of a thousand instances has thousands of leases.
  for (const line of reclaimedLines(result.reclaimed, dryRun)) io.stdout(line);
  io.stdout(
    `${result.reclaimed.length} stale lease(s) ${dryRun ? 'to free' : 'freed'}, ${result.kept} held, ` +
      `${result.orphans.length} orphan(s); registry ${result.registry}\n`,
  );
  return EXIT_OK;
};

// `freed 8 port(s) of /p/.nso-multi/state.json: 21001-21004, 21011-21014`, one line per project.
export function reclaimedLines(leases: readonly Lease[], dryRun: boolean): string[] {
  const byProject = new Map<string, number[]>();
  for (const l of leases) byProject.set(l.project, [...(byProject.get(l.project) ?? []), l.port]);
  return [...byProject].map(
    ([project, ports]) =>
      `${dryRun ? 'would free' : 'freed'} ${ports.length} port(s) of ${project}: ${portRanges(ports)}\n`,
  );
}

// Sorted ports with runs written as ranges: `21001-21004, 21011`.
function portRanges(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0]!;
  let end = start;
  for (const port of sorted.slice(1)) {
    if (port === end + 1) {
      end = port;
      continue;
    }
    ranges.push(start === end ? `${start}` : `${start}-${end}`);
    start = port;
    end = port;
  }
  if (sorted.length > 0) ranges.push(start === end ? `${start}` : `${start}-${end}`);
  return ranges.join(', ');
}
