// Which instances of a project run now, by the state's record checked against the live process table.
import { isAlive } from '../host/process-identity.js';
import type { Spec } from '../model.js';
import { loadState, type StateReadHooks } from './load-state.js';

// The instances recorded as running or starting whose process is still alive, with their pids. A corrupt state
// is kept aside and rebuilt (with a warning) rather than failing the caller.
export async function runningPids(
  stateFile: string,
  spec: Spec,
  hooks: StateReadHooks = {},
): Promise<Map<string, number>> {
  const state = await loadState(stateFile, { ...hooks, spec });
  const out = new Map<string, number>();
  for (const [name, entry] of Object.entries(state?.instances ?? {})) {
    const runtime = entry.runtime;
    if (
      runtime &&
      (runtime.status === 'running' || runtime.status === 'starting') &&
      (await isAlive(runtime))
    ) {
      out.set(name, runtime.pid);
    }
  }
  return out;
}
