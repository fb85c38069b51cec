// Loads what the project checks look at — the spec and the state file — without ever throwing: a missing or
// broken spec or state becomes a value the checks report on.
import { createHash } from 'node:crypto';
import { isNsoMultiError } from '../../errors.js';
import type { Spec } from '../../model.js';
import { isSimulatorCommand } from '../../ncs/sim-bin-path.js';
import type { Notice } from '../../notice.js';
import { loadSpec } from '../../spec/load-spec.js';
import { readProjectState } from '../../state/project-state.js';
import type { StateDocument } from '../../state/state-document.js';

export type SpecLoad =
  | { kind: 'loaded'; spec: Spec }
  /** No spec found by searching: project checks are skipped. */
  | { kind: 'missing'; reason: string }
  /** A spec exists (or was named with -c) but cannot be used. */
  | { kind: 'broken'; error: unknown };

export type StateLoad =
  | { kind: 'read'; stateFile: string; state: StateDocument | undefined; specChanged: boolean }
  | { kind: 'missing'; reason: string }
  | { kind: 'broken'; error: unknown };

export interface ProjectContext {
  spec: SpecLoad;
  state: StateLoad;
}

async function loadSpecQuietly(config: string | undefined, cwd: string): Promise<SpecLoad> {
  try {
    return { kind: 'loaded', spec: (await loadSpec({ config, cwd })).spec };
  } catch (error) {
    // Only a search that found nothing means "no project here"; a file named with -c must exist.
    if (config === undefined && isNsoMultiError(error) && error.code === 'SPEC_NOT_FOUND') {
      return { kind: 'missing', reason: error.message };
    }
    return { kind: 'broken', error };
  }
}

// The state is found through the spec's `workdir` line, so it is read even when the spec has other problems.
async function loadStateQuietly(
  config: string | undefined,
  cwd: string,
  onNotice: ((notice: Notice) => void) | undefined,
): Promise<StateLoad> {
  try {
    const project = await readProjectState({
      config,
      cwd,
      isSimulator: isSimulatorCommand,
      ...(onNotice ? { onNotice } : {}),
    });
    const hash = createHash('sha256').update(project.specText).digest('hex');
    const specChanged = project.state !== undefined && project.state.specHash !== hash;
    return { kind: 'read', stateFile: project.stateFile, state: project.state, specChanged };
  } catch (error) {
    if (isNsoMultiError(error) && error.code === 'SPEC_NOT_FOUND') {
      return { kind: 'missing', reason: error.message };
    }
    return { kind: 'broken', error };
  }
}

// Loads the spec and the state of the project at `cwd` (or `config`), in parallel.
export async function loadProjectContext(
  config: string | undefined,
  cwd: string,
  onNotice?: (notice: Notice) => void,
): Promise<ProjectContext> {
  const [spec, state] = await Promise.all([
    loadSpecQuietly(config, cwd),
    loadStateQuietly(config, cwd, onNotice),
  ]);
  return { spec, state };
}
