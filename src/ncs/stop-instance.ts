// Stops one instance for sure: its own `ncs --stop` first (with its env, so no other daemon is hit; for a real
// NSO on TCP IPC the same request through ncs_cmd, see ncs-cmd.ts), then the recorded process group with TERM,
// then KILL — each step bounded. 'ncs --stop' names how it went down: by NSO's own stop request.

import { isAlive, signalGroup } from '../host/process-identity.js';
import { waitUntil } from '../host/wait-until.js';
import type { InstanceState } from '../state/state-document.js';
import { instanceProcessEnv } from './instance-process-env.js';
import { requestStop } from './ncs-control.js';

export type StopHow = 'not running' | 'ncs --stop' | 'SIGTERM' | 'SIGKILL';

export interface StopOptions {
  /** How long `ncs --stop` may take before signals follow. Default 15 s. */
  graceMs?: number;
  /** How long after SIGTERM before SIGKILL. Default 5 s. */
  termMs?: number;
  baseEnv?: NodeJS.ProcessEnv;
}

// Stops the instance recorded in `entry`; resolves with how it went down.
export async function stopInstance(entry: InstanceState, options: StopOptions = {}): Promise<StopHow> {
  const runtime = entry.runtime;
  if (runtime === undefined || !(await isAlive(runtime))) return 'not running';
  const graceMs = options.graceMs ?? 15_000;
  const gone = () => isAlive(runtime).then((alive) => !alive);
  const env = instanceProcessEnv(options.baseEnv ?? process.env, entry);
  const stop = await requestStop(runtime.ncs, env, graceMs);
  // The stop request returns once the daemon stopped; when it could not even reach it, signals go at once.
  if (await waitUntil(gone, stop.exitCode === 0 ? graceMs : 500)) return 'ncs --stop';
  signalGroup(runtime.pid, 'SIGTERM');
  if (await waitUntil(gone, options.termMs ?? 5000)) return 'SIGTERM';
  signalGroup(runtime.pid, 'SIGKILL');
  await waitUntil(gone, 5000);
  return 'SIGKILL';
}
