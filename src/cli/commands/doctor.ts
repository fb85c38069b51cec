// `nso-multi doctor [--sim | --ncs PATH] [--json]`: one line per host and project check, a fix under each
// that is not ok; exit 1 when any check failed.
import { EXIT_OK, EXIT_RUNTIME, NsoMultiError } from '../../errors.js';
import type { DoctorOptions } from '../../project/doctor/doctor.js';
import type { CheckStatus, DoctorReport } from '../../project/doctor/doctor-report.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { parseCommandArgs } from '../parse-args.js';
import { noticePrinter } from '../print-notices.js';

const PLAIN: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };
const GLYPH: Record<CheckStatus, string> = {
  ok: '\u001b[32m✔\u001b[39m',
  warn: '\u001b[33m!\u001b[39m',
  fail: '\u001b[31m✘\u001b[39m',
  skip: '\u001b[2m-\u001b[22m',
};

// The human view: `MARK title: detail`, further detail lines and the fix indented under it, then a tally.
export function formatDoctorReport(report: DoctorReport, fancy: boolean): string {
  const marks = fancy ? GLYPH : PLAIN;
  const indent = fancy ? '  ' : '     ';
  const lines: string[] = [];
  for (const check of report.checks) {
    const [first, ...more] = check.detail.split('\n');
    lines.push(`${marks[check.status]} ${check.title}: ${first ?? ''}`);
    for (const line of more) lines.push(`${indent}${line}`);
    if (check.fix !== undefined && check.status !== 'ok') lines.push(`${indent}fix: ${check.fix}`);
  }
  const count = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const tally = (['fail', 'warn', 'skip'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${{ fail: 'failed', warn: 'warning(s)', skip: 'skipped' }[s]}`);
  lines.push('', `${report.checks.length} checks: ${tally.length === 0 ? 'all ok' : tally.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export const run: CliCommand['run'] = async (args, global, io) => {
  const usage = COMMAND_TEXTS.doctor!.usage;
  const parsed = parseCommandArgs(
    args,
    { sim: { type: 'boolean' }, ncs: { type: 'string' }, json: { type: 'boolean' } },
    usage,
    global,
  );
  if (parsed.help) {
    io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS.doctor!.summary}\n`);
    return EXIT_OK;
  }
  if (parsed.positionals.length > 0) {
    throw new NsoMultiError('USAGE', `doctor takes no names, got ${parsed.positionals.join(' ')}`, {
      hint: `usage: ${usage}`,
    });
  }
  if (parsed.values.sim && parsed.values.ncs !== undefined) {
    throw new NsoMultiError('USAGE', '--sim and --ncs exclude each other', { hint: `usage: ${usage}` });
  }
  const options: DoctorOptions = {
    config: parsed.global.config,
    cwd: io.cwd,
    env: io.env,
    onNotice: noticePrinter(io.stderr),
  };
  const ncs = parsed.values.sim ? 'sim' : parsed.values.ncs;
  if (ncs !== undefined) options.ncs = ncs;
  const { doctor } = await import('../../project/doctor/doctor.js');
  const report = await doctor(options);
  // CliIo only knows whether stderr is a terminal; the report goes to stdout, so ask stdout itself.
  const fancy = !io.env.NO_COLOR && io.env.TERM !== 'dumb' && process.stdout.isTTY === true;
  io.stdout(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report, fancy));
  return report.ok ? EXIT_OK : EXIT_RUNTIME;
};
