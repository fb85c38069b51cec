// The `state` and `instances` checks: the state file reads, and no instance it calls running has lost its
// daemon (a crash, a reboot, a kill -9), which would leave status, env and the port leases believing it runs.
import { isAlive } from '../../host/process-identity.js';
import { type CheckOutcome, outcome } from './doctor-report.js';
import type { StateLoad } from './project-context.js';

const RENDER = '`nso-multi render`';

// Reports where the state is and how many instances it records; a spec edited since the render is a warning.
export async function checkState(load: StateLoad): Promise<CheckOutcome> {
  if (load.kind === 'missing') return outcome('skip', load.reason);
  if (load.kind === 'broken') throw load.error;
  if (load.state === undefined) {
    return outcome('skip', `nothing rendered yet (no ${load.stateFile}); ${RENDER} writes it`);
  }
  const count = Object.keys(load.state.instances).length;
  const detail = `${load.stateFile} (${count} instance${count === 1 ? '' : 's'})`;
  if (load.specChanged) {
    return outcome(
      'warn',
      `${detail}: the spec changed since the last render`,
      `${RENDER} brings it up to date`,
    );
  }
  return outcome('ok', detail);
}

// Finds instances recorded as running or starting whose daemon is gone.
export async function checkProcesses(load: StateLoad): Promise<CheckOutcome> {
  if (load.kind === 'missing') return outcome('skip', load.reason);
  if (load.kind === 'broken') return outcome('skip', 'no usable state (see state)');
  if (load.state === undefined) return outcome('skip', 'nothing rendered yet');
  const active = Object.entries(load.state.instances).flatMap(([name, entry]) => {
    const runtime = entry.runtime;
    return runtime && (runtime.status === 'running' || runtime.status === 'starting')
      ? [{ name, runtime }]
      : [];
  });
  const alive = await Promise.all(active.map(({ runtime }) => isAlive(runtime)));
  const gone = active.filter((_, i) => !alive[i]);
  if (gone.length === 0) {
    return outcome('ok', active.length === 0 ? 'none recorded as running' : `${active.length} running`);
  }
  const listed = gone.map(({ name, runtime }) => `${name} (pid ${runtime.pid}, recorded ${runtime.status})`);
  return outcome(
    'fail',
    `recorded as running, but the daemon is gone: ${listed.join(', ')}`,
    '`nso-multi up` to start them again, or `nso-multi down` to record them stopped',
  );
}
