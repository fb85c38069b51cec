// `up --collect DIR`: what a bug report or a CI artifact needs of every instance, in DIR/<instance>/: its log
// files (the error log decoded as well), its ncs.conf with the keys of encrypted-strings left out, and what
// `ncs --status` says of it. The IPC secret is never copied.
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeErrorLog, errorLogName } from '../ncs/error-log.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import { runBounded } from '../ncs/run-bounded.js';
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import {
  type ProjectStateOptions,
  readProjectState,
  selectRecordedInstances,
} from '../state/project-state.js';
import type { InstanceState } from '../state/state-document.js';

/** `ncs --status` of a busy daemon answers within this. */
const COMMAND_MS = 60_000;

export interface CollectOptions extends ProjectStateOptions {
  /** The folder to write into (made when missing). */
  dir: string;
  /** Instances; all recorded ones when empty or absent. */
  names?: readonly string[];
  /** The environment `ncs` runs in; default process.env. */
  env?: NodeJS.ProcessEnv;
}

// Writes every selected instance's diagnostics; resolves with the files written.
export async function collectDiagnostics(options: CollectOptions): Promise<string[]> {
  const project = await readProjectState({ ...options, isSimulator: isSimulatorCommand });
  const written: string[] = [];
  for (const { name, entry } of selectRecordedInstances(project, options.names)) {
    const dir = join(options.dir, name);
    await mkdir(dir, { recursive: true });
    written.push(...(await collectInstance(entry, dir, options.env ?? process.env)));
  }
  return written;
}

async function collectInstance(
  entry: InstanceState,
  dir: string,
  baseEnv: NodeJS.ProcessEnv,
): Promise<string[]> {
  const written: string[] = [];
  const logs = join(entry.runDir, 'logs');
  const files = await readdir(logs, { withFileTypes: true }).catch(() => []);
  for (const file of files) {
    if (!file.isFile()) continue;
    await copyFile(join(logs, file.name), join(dir, file.name));
    written.push(join(dir, file.name));
  }
  const conf = await readFile(entry.ncsConf, 'utf8').catch(() => undefined);
  if (conf !== undefined) {
    await writeFile(join(dir, 'ncs.conf'), withoutKeys(conf));
    written.push(join(dir, 'ncs.conf'));
  }
  const ncs = entry.runtime?.ncs;
  if (ncs !== undefined) {
    const env = instanceProcessEnv(baseEnv, entry);
    const status = await runBounded(ncs.file, [...ncs.args, '--status'], { env, timeoutMs: COMMAND_MS });
    await writeFile(
      join(dir, 'ncs-status.txt'),
      `${status.output}\n(exit ${status.exitCode ?? status.signal})\n`,
    );
    written.push(join(dir, 'ncs-status.txt'));
    const decoded = await decodeErrorLog(ncs, env, await errorLogName(entry.ncsConf, entry.runDir), Infinity);
    // An error log with no entries yet says nothing worth a file.
    if ('error' in decoded || ('lines' in decoded && decoded.lines.length > 0)) {
      const text = 'lines' in decoded ? decoded.lines.join('\n') : `ncs --printlog failed: ${decoded.error}`;
      await writeFile(join(dir, 'ncserr.txt'), `${text}\n`);
      written.push(join(dir, 'ncserr.txt'));
    }
  }
  return written;
}

// ncs.conf with the text of every <key> under encrypted-strings replaced: the keys that encrypt the CDB's
// secrets do not belong in a bug report.
export function withoutKeys(conf: string): string {
  return conf.replace(
    /(<(?:[\w-]+:)?encrypted-strings\b[\s\S]*?<\/(?:[\w-]+:)?encrypted-strings>)/g,
    (block) => block.replace(/(<((?:[\w-]+:)?(?:key\d*|initVector))>)[^<]*(<\/\2>)/g, '$1(left out)$3'),
  );
}
