// Finds a project's spec, its state file and the state in it on the fast path (no zod, cosmiconfig or yaml
// unless the spec needs parsing), for the commands that only read what render recorded: env, status, down, exec.
import { dirname, join, resolve } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { STATE_FILE_NAME } from '../model.js';
import { didYouMean } from '../spec/did-you-mean.js';
import { findSpecFile } from '../spec/find-spec-file.js';
import { loadState, type StateReadHooks } from './load-state.js';
import { locateState } from './locate-state.js';
import type { InstanceState, StateDocument } from './state-document.js';

export interface ProjectStateOptions extends StateReadHooks {
  /** The spec file; searched from `cwd` upwards when not given. */
  config?: string;
  /** Where a relative `config` and the search start; default process.cwd(). */
  cwd?: string;
  /** Overrides the spec's workdir (absolute or relative to cwd): a separate project namespace, as test workers use. */
  workdir?: string;
}

export interface ProjectState {
  specFile: string;
  /** The spec's text, for the staleness check against the hash render recorded. */
  specText: string;
  stateFile: string;
  /** The folder that holds the state file and the run dirs. */
  workdir: string;
  /** Undefined when nothing has been rendered yet. */
  state: StateDocument | undefined;
}

// The spec file given with -c or found from cwd upwards; SPEC_NOT_FOUND with a hint when there is none.
export async function findProjectSpec(options: ProjectStateOptions): Promise<string> {
  const cwd = options.cwd ?? process.cwd();
  const specFile = options.config ? resolve(cwd, options.config) : await findSpecFile(cwd);
  if (specFile === undefined) {
    throw new NsoMultiError('SPEC_NOT_FOUND', `no nso-multi spec found in ${cwd} or above`, {
      hint: 'create nso-multi.yaml (see instances.example.yaml) or pass -c FILE',
    });
  }
  return specFile;
}

// Reads what the last render recorded for the project of the spec; `state` is undefined before the first one.
export async function readProjectState(options: ProjectStateOptions): Promise<ProjectState> {
  const specFile = await findProjectSpec(options);
  let located: Awaited<ReturnType<typeof locateState>>;
  try {
    located = await locateState(specFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NsoMultiError(
      'SPEC_NOT_FOUND',
      `cannot read spec ${specFile}: ${code ?? (error as Error).message}`,
      { cause: error, hint: 'check the path given with -c' },
    );
  }
  if (options.workdir !== undefined) {
    located.stateFile = join(resolve(options.cwd ?? process.cwd(), options.workdir), STATE_FILE_NAME);
  }
  // A corrupt state is kept aside and rebuilt from the spec and the run folders, with a warning.
  const state = await loadState(located.stateFile, {
    specFile,
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    ...(options.isSimulator ? { isSimulator: options.isSimulator } : {}),
  });
  return { specFile, ...located, workdir: dirname(located.stateFile), state };
}

/** One instance picked from the state, by name. */
export interface SelectedInstance {
  name: string;
  entry: InstanceState;
}

// The instances `names` asks for (every recorded one when empty), in the order given, each once;
// UNKNOWN_INSTANCE (exit 2) naming what is known, with a did-you-mean, when a name is not in the state.
export function selectRecordedInstances(
  project: ProjectState,
  names: readonly string[] = [],
): SelectedInstance[] {
  const recorded = project.state?.instances ?? {};
  const known = Object.keys(recorded);
  const wanted = names.length === 0 ? known : [...new Set(names)];
  const unknown = wanted.filter((name) => !Object.hasOwn(recorded, name));
  if (unknown.length > 0) {
    const guesses = unknown
      .map((name) => [name, didYouMean(name, known)] as const)
      .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
      .map(([name, guess]) => `${name} → did you mean ${guess}?`);
    const hint =
      known.length === 0
        ? `nothing rendered yet (no ${project.stateFile}); run \`nso-multi render\` or \`nso-multi up\` first`
        : [...guesses, `instances: ${known.join(', ')}`].join('; ');
    throw new NsoMultiError(
      'UNKNOWN_INSTANCE',
      `unknown instance${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (not in ${project.stateFile})`,
      { hint, ...(unknown.length === 1 ? { instance: unknown[0] } : {}) },
    );
  }
  return wanted.map((name) => ({ name, entry: recorded[name]! }));
}
