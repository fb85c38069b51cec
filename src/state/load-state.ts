// Reads the state file for the commands that work on a project (render, up, status, env, down, exec): a corrupt
// or truncated file is never discarded and never a dead end. It is kept aside as `state.json.corrupt-<time>`
// (hard link, else a copy), rebuilt from the spec and what is on disk (see rebuild-state.ts), written back, and
// reported with a warning that names the kept copy.
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { isNsoMultiError, NsoMultiError } from '../errors.js';
import { NO_HARD_LINKS } from '../host/fs-steps.js';
import { errnoCode, ioError } from '../host/io-error.js';
import type { Spec } from '../model.js';
import type { Notice } from '../notice.js';
import type { RebuildReport } from './rebuild-state.js';
import { parseState, type StateDocument } from './state-document.js';
import { readStateText, STATE_FILE_MODE, writeState } from './state-file.js';

/** What reading a state needs from the layers above it. */
export interface StateReadHooks {
  /** Where news about the state file goes (a corrupt one kept aside and rebuilt); default a process warning. */
  onNotice?: (notice: Notice) => void;
  /** Whether a daemon found in the process table runs the simulator (its command after the executable), when a
   * lost state is rebuilt; default none does. */
  isSimulator?: (command: string) => boolean;
}

// A notice nobody asked for is a process warning, so it is never silent.
function warn(notice: Notice): void {
  process.emitWarning(notice.message, { type: 'NsoMultiWarning', code: 'NSO_MULTI_STATE' });
}

export interface LoadStateOptions extends StateReadHooks {
  /** The project's spec, when loaded already; else `specFile` is loaded, only if the state must be rebuilt. */
  spec?: Spec;
  specFile?: string;
  /** The clock, for the kept copy's name. */
  now?: Date;
}

/** The kept copy's name: the ISO time without colons, which some file systems and tools dislike. */
export function corruptCopyName(file: string, now: Date): string {
  return `${file}.corrupt-${now.toISOString().replaceAll(':', '')}`;
}

async function specForRebuild(options: LoadStateOptions, corruption: NsoMultiError): Promise<Spec> {
  if (options.spec !== undefined) return options.spec;
  const cannot = (why: string, cause?: unknown) =>
    new NsoMultiError('STATE_CORRUPT', `${corruption.message}; it cannot be rebuilt: ${why}`, {
      cause,
      hint: 'fix that and run again: the state is then rebuilt from the spec and the run folders (the file is left as it is until then)',
    });
  if (options.specFile === undefined) throw cannot('no spec is known to rebuild it from');
  try {
    const { loadSpec } = await import('../spec/load-spec.js');
    return (await loadSpec({ config: options.specFile })).spec;
  } catch (error) {
    throw cannot(`the spec ${options.specFile} cannot be loaded (${(error as Error).message})`, error);
  }
}

// Keeps the corrupt text under a new name; undefined when the file no longer holds `text` (someone replaced it).
async function keepAside(file: string, text: string, now: Date): Promise<string | undefined> {
  const base = corruptCopyName(file, now);
  for (let n = 1; ; n++) {
    const copy = n === 1 ? base : `${base}-${n}`;
    try {
      await link(file, copy);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') return undefined;
      if (code === undefined || !NO_HARD_LINKS.has(code)) throw ioError('keep a copy of', file, error);
      try {
        await writeFile(copy, text, { flag: 'wx', mode: STATE_FILE_MODE });
      } catch (copyError) {
        if (errnoCode(copyError) === 'EEXIST') continue;
        throw ioError('keep a copy of', file, copyError);
      }
      return copy;
    }
    // The link is the file as it is now: if that is no longer what we read, another run rebuilt it meanwhile.
    if ((await readFile(copy, 'utf8').catch(() => undefined)) === text) return copy;
    await unlink(copy).catch(() => undefined);
    return undefined;
  }
}

function describeRebuild(corruption: string, copy: string, spec: Spec, report: RebuildReport): string {
  const parts = [
    `${corruption}; kept it as ${copy} and rebuilt the state from ${spec.file} and the run folders`,
    report.recovered.length > 0
      ? `instances recovered: ${report.recovered.join(', ')}`
      : 'no rendered instance was found',
  ];
  if (report.running.length > 0) {
    parts.push(`running daemons found: ${report.running.map((r) => `${r.name} (pid ${r.pid})`).join(', ')}`);
  }
  for (const { name, reason } of report.skipped) parts.push(`${name} not recovered: ${reason}`);
  for (const { name, where } of report.listening) {
    parts.push(
      `${name}: no daemon started by nso-multi was found, yet ${where.join(', ')} is in use; if it is ${name}'s, stop it with \`nso-multi exec ${name} -- ncs --stop\``,
    );
  }
  parts.push('run `nso-multi render` to bring the state fully up to date');
  return parts.join('; ');
}

// Reads the state file; undefined when there is none. A corrupt one is kept aside, rebuilt and reported.
export async function loadState(
  file: string,
  options: LoadStateOptions = {},
): Promise<StateDocument | undefined> {
  // A second pass only when another run replaced the file between our read and our copy.
  for (let attempt = 1; ; attempt++) {
    const text = await readStateText(file);
    if (text === undefined) return undefined;
    let corruption: NsoMultiError;
    try {
      return parseState(text, file);
    } catch (error) {
      if (!isNsoMultiError(error) || error.code !== 'STATE_CORRUPT') throw error;
      corruption = error;
    }
    const spec = await specForRebuild(options, corruption);
    const now = options.now ?? new Date();
    const copy = await keepAside(file, text, now);
    if (copy === undefined && attempt < 3) continue;
    if (copy === undefined) throw corruption;
    // Loaded only now: the XML parser and the process scan are not on `env`'s fast path.
    const { rebuildState } = await import('./rebuild-state.js');
    const { state, report } = await rebuildState(file, spec, now, options.isSimulator);
    await writeState(file, state);
    (options.onNotice ?? warn)({
      level: 'warning',
      message: describeRebuild(corruption.message, copy, spec, report),
    });
    return state;
  }
}
