// `logs`: an instance's log, found where its rendered ncs.conf puts it: the last lines, and with `follow` every
// line written after them, from several instances at once in the order the lines arrive. The error log is
// NSO's binary format: it is decoded with the installation's `ncs --printlog`.
import { open } from 'node:fs/promises';
import { NsoMultiError } from '../errors.js';
import { decodeErrorLog, instanceLogFile } from '../ncs/error-log.js';
import { lastLines, splitAppended } from '../ncs/last-lines.js';
import { type NcsCommand, resolveNcsCommand } from '../ncs/ncs-command.js';
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import { LOG_PLACES, type LogKind } from '../nso/log-files.js';
import {
  type ProjectStateOptions,
  readProjectState,
  selectRecordedInstances,
} from '../state/project-state.js';
import type { InstanceState } from '../state/state-document.js';

/** How often a followed file is looked at; a line shows at most this late. */
const FOLLOW_POLL_MS = 250;

export interface LogsOptions extends ProjectStateOptions {
  /** Instances; all recorded ones when empty or absent. */
  names?: readonly string[];
  kind?: LogKind;
  /** How many of the last lines of each log; default 50. */
  lines?: number;
  /** Keep printing lines as they are written, until `signal` aborts. */
  follow?: boolean;
  signal?: AbortSignal;
  /** Gets every line, with the instance it comes from. */
  onLine: (instance: string, line: string) => void;
  /** Gets the instances whose logs are read, before the first line. */
  onInstances?: (instances: string[]) => void;
  /** The environment `ncs --printlog` runs in; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Each log read: the instance and its file (absolute); `missing` when there is no such file (yet). */
export interface LogSource {
  instance: string;
  file: string;
  missing: boolean;
}

// Prints the logs; resolves once done (with `follow`, once `signal` aborted).
export async function logs(options: LogsOptions): Promise<LogSource[]> {
  const kind = options.kind ?? 'ncs';
  if (options.follow && LOG_PLACES[kind].binary) {
    throw new NsoMultiError(
      'USAGE',
      `--follow cannot follow the ${kind} log, which NSO writes in its own format`,
      {
        hint: 'leave out --follow: nso-multi logs --file error decodes it with ncs --printlog',
      },
    );
  }
  const project = await readProjectState({ ...options, isSimulator: isSimulatorCommand });
  const selected = selectRecordedInstances(project, options.names);
  options.onInstances?.(selected.map((s) => s.name));
  const lines = options.lines ?? 50;
  const sources: LogSource[] = [];
  // Where following each text log goes on: the end of what was printed of it.
  const offsets = new Map<string, number>();
  for (const { name, entry } of selected) {
    // NSO writes the error log as <name>.1, .2, … with an index (<name>.idx, <name>.siz).
    const base = await instanceLogFile(entry.ncsConf, entry.runDir, kind);
    const file = LOG_PLACES[kind].binary ? `${base}.1` : base;
    const missing = await open(file, 'r')
      .then((h) => h.close())
      .then(
        () => false,
        () => true,
      );
    sources.push({ instance: name, file, missing });
    if (missing) continue;
    let tail: string[];
    if (LOG_PLACES[kind].binary) {
      tail = lines === 0 ? [] : await decodedErrorLog(entry, base, lines, options.env ?? process.env);
    } else {
      const read = await lastLines(file, lines);
      offsets.set(file, read.end);
      tail = read.lines;
    }
    for (const line of tail) options.onLine(name, line);
  }
  if (options.follow) await follow(sources, offsets, options);
  return sources;
}

// The error log's last lines as `ncs --printlog` decodes it, with the `ncs` that started the instance.
async function decodedErrorLog(
  entry: InstanceState,
  name: string,
  lines: number,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const ncs: NcsCommand = entry.runtime?.ncs ?? (await resolveNcsCommand({ env }));
  if (ncs.sim) return ['(the simulator writes no error log)'];
  const decoded = await decodeErrorLog(ncs, env, name, lines);
  if ('error' in decoded) {
    throw new NsoMultiError('IO', `ncs --printlog ${name} failed: ${decoded.error}`, {
      hint: `NSO's error log is ${name}.1 and the files beside it`,
    });
  }
  return 'lines' in decoded ? decoded.lines : [];
}

// Prints every line appended to the files after `offsets` (a file that was missing: from its start), until the
// signal aborts. A file that shrinks (rotated or emptied) is read again from its start.
async function follow(
  sources: readonly LogSource[],
  offsets: Map<string, number>,
  options: LogsOptions,
): Promise<void> {
  const rests = new Map<string, Buffer>();
  while (!options.signal?.aborted) {
    for (const source of sources) {
      const size = await sizeOf(source.file);
      let from = offsets.get(source.file) ?? 0;
      if (size < from) {
        from = 0;
        rests.delete(source.file);
      }
      if (size === from) continue;
      const appended = await readRange(source.file, from, size);
      const split = splitAppended(rests.get(source.file) ?? Buffer.alloc(0), appended);
      offsets.set(source.file, from + appended.length);
      rests.set(source.file, split.rest);
      for (const line of split.lines) options.onLine(source.instance, line);
    }
    await pause(FOLLOW_POLL_MS, options.signal);
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    const handle = await open(file, 'r');
    try {
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  } catch {
    return 0;
  }
}

async function readRange(file: string, from: number, to: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
}
