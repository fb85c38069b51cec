// An instance's log files where its ncs.conf puts them, and NSO's error log (ncserr.log), which it writes in a
// binary format of its own, decoded with the installation's `ncs --printlog` (which reads <name>.1 and on).
import { access, readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { LOG_PLACES, type LogKind } from '../nso/log-files.js';
import { logFileName } from '../render/log-file-names.js';
import type { NcsCommand } from './ncs-command.js';
import { runBounded } from './run-bounded.js';

/** `ncs --printlog` of a large error log takes a moment. */
const PRINTLOG_MS = 60_000;

// The file of a log of the instance, absolute, as its ncs.conf (`ncsConf`, a file) names it relative to its run
// dir; NSO's default when the file cannot be read. For the error log: its name, without `.1`.
export async function instanceLogFile(ncsConf: string, runDir: string, kind: LogKind): Promise<string> {
  const text = await readFile(ncsConf, 'utf8').catch(() => '');
  const place = LOG_PLACES[kind];
  const name = text === '' ? `${place.fallback}${place.suffix ?? ''}` : logFileName(text, kind, ncsConf);
  return isAbsolute(name) ? name : resolve(runDir, name);
}

// The error log's name (without .1), absolute.
export function errorLogName(ncsConf: string, runDir: string): Promise<string> {
  return instanceLogFile(ncsConf, runDir, 'error');
}

/** The decoded lines, or why they could not be had; `missing` when NSO has written no error log yet. */
export type DecodedErrorLog = { lines: string[] } | { missing: true } | { error: string };

// The last `lines` lines of the decoded error log of the instance.
export async function decodeErrorLog(
  ncs: NcsCommand,
  env: NodeJS.ProcessEnv,
  name: string,
  lines: number,
): Promise<DecodedErrorLog> {
  if (ncs.sim) return { missing: true };
  if (
    !(await access(`${name}.1`).then(
      () => true,
      () => false,
    ))
  )
    return { missing: true };
  const run = await runBounded(ncs.file, [...ncs.args, '--printlog', name], { env, timeoutMs: PRINTLOG_MS });
  if (run.exitCode !== 0)
    return { error: run.output.trim().split('\n')[0] || `exit ${run.exitCode ?? run.signal}` };
  return {
    lines: run.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-lines),
  };
}
