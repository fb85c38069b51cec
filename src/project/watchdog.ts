// The owner watchdog of `up --watch-owner PID`: a detached process that stops the instances of one `up` run
// once the process that asked for them (a CI job, a test runner, a shell) is gone, so a crash of that owner
// leaves no daemon behind. This file holds the library part: checking the owner, starting and replacing the
// watchdog process (watchdog-main.ts), and the loop that process runs.
import { setTimeout as delay } from 'node:timers/promises';
import { NsoMultiError } from '../errors.js';
import { builtEntry, startDetached } from '../host/detached-process.js';
import { isAlive, type ProcessIdentity, processStartTime } from '../host/process-identity.js';
import { waitUntil } from '../host/wait-until.js';
import { stopInstanceDevices } from '../ncs/netsim.js';
import { stopInstance } from '../ncs/stop-instance.js';
import type { InstanceState, StateDocument, WatchdogState } from '../state/state-document.js';
import { readState } from '../state/state-file.js';
import { openStateStore } from '../state/state-store.js';

/** One daemon the watchdog guards: the instance's name and the exact process it was when the run ended. */
export interface WatchedInstance extends ProcessIdentity {
  name: string;
}

/** What the watchdog process is started with (one JSON argument). */
export interface WatchdogConfig {
  stateFile: string;
  owner: ProcessIdentity;
  instances: WatchedInstance[];
  /** How often the watchdog looks; default 500 ms. */
  intervalMs?: number;
}

/** Why the watchdog ended: owner gone (it stopped the instances), instances gone, state gone, or replaced. */
export type WatchdogExit = 'owner-gone' | 'instances-gone' | 'state-gone' | 'replaced';

/** Where the watchdog writes its log when set (default: nowhere, so nothing is left in the workdir). */
export const WATCHDOG_LOG_VAR = 'NSO_MULTI_WATCHDOG_LOG';

// The identity of the process `--watch-owner PID` names; USAGE (exit 2) when no such process runs.
export async function watchedOwner(pid: number): Promise<ProcessIdentity> {
  const startTime = Number.isInteger(pid) && pid > 0 ? await processStartTime(pid) : undefined;
  const identity = { pid, ...(startTime ? { startTime } : {}) };
  if (!(Number.isInteger(pid) && pid > 0) || !(await isAlive(identity))) {
    throw new NsoMultiError('USAGE', `--watch-owner ${pid}: no such process is running`, {
      hint: 'pass the pid of the live process the instances belong to, e.g. `--watch-owner $$` in a script',
    });
  }
  return identity;
}

// The watched daemons of `names`: each one's recorded process, where it is alive now.
export async function watchedInstances(
  state: StateDocument | undefined,
  names: readonly string[],
): Promise<WatchedInstance[]> {
  const out: WatchedInstance[] = [];
  for (const name of names) {
    const runtime = state?.instances[name]?.runtime;
    if (runtime === undefined || runtime.status === 'stopped' || !(await isAlive(runtime))) continue;
    out.push({ name, pid: runtime.pid, ...(runtime.startTime ? { startTime: runtime.startTime } : {}) });
  }
  return out;
}

// A recorded watchdog is signalled only when it surely is that process: a live pid > 1 with its start time.
async function isRunningWatchdog(record: WatchdogState): Promise<boolean> {
  return (
    Number.isInteger(record.pid) &&
    record.pid > 1 &&
    record.startTime !== undefined &&
    (await isAlive(record))
  );
}

// Ends the project's recorded watchdog, if one runs, and forgets it; true when one was running.
export async function stopWatchdog(stateFile: string): Promise<boolean> {
  const record = (await readState(stateFile))?.watchdog;
  if (record === undefined) return false;
  const running = await isRunningWatchdog(record);
  if (running) {
    const gone = async () => !(await isAlive(record));
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(record.pid, name);
      } catch {
        // Gone in the meantime: nothing left to end.
      }
    };
    signal('SIGTERM');
    if (!(await waitUntil(gone, 3000))) {
      signal('SIGKILL');
      await waitUntil(gone, 3000);
    }
  }
  const store = await openStateStore(stateFile);
  await store.update((state) => {
    if (state.watchdog?.pid === record.pid) delete state.watchdog;
  });
  return running;
}

// Replaces the project's earlier watchdog (if any) by a new detached one for `config`, recorded in the state.
export async function startWatchdog(
  config: WatchdogConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WatchdogState> {
  await stopWatchdog(config.stateFile);
  const started = await startDetached(
    builtEntry(import.meta.url, 'project/watchdog-main.js'),
    config,
    env,
    env[WATCHDOG_LOG_VAR],
  );
  if (started instanceof Error) {
    throw new NsoMultiError('INTERNAL', `could not start the watchdog for ${config.stateFile}`, {
      cause: started,
      hint: 'the instances run unwatched; stop them with `nso-multi down`',
    });
  }
  const { pid, startTime } = started;
  const record: WatchdogState = { pid, ...(startTime ? { startTime } : {}), owner: config.owner };
  const store = await openStateStore(config.stateFile);
  await store.update((state) => {
    state.watchdog = record;
  });
  return record;
}

// Parses the watchdog process's argument; USAGE when it is not a config startWatchdog wrote.
export function parseWatchdogConfig(text: string | undefined): WatchdogConfig {
  const bad = () =>
    new NsoMultiError('USAGE', 'the watchdog needs its config as one JSON argument', {
      hint: 'it is started by `nso-multi up --watch-owner PID`, not by hand',
    });
  let data: Partial<WatchdogConfig>;
  try {
    data = JSON.parse(text ?? '') as Partial<WatchdogConfig>;
  } catch {
    throw bad();
  }
  const validPid = (p: unknown): boolean => Number.isInteger(p) && (p as number) > 0;
  if (
    typeof data?.stateFile !== 'string' ||
    !validPid(data.owner?.pid) ||
    !Array.isArray(data.instances) ||
    !data.instances.every((i) => typeof i?.name === 'string' && validPid(i.pid))
  ) {
    throw bad();
  }
  return data as WatchdogConfig;
}

export interface WatchOptions {
  /** The environment `ncs --stop` runs with (plus each instance's own); default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** The watchdog's own pid, to tell its record from a newer watchdog's; default process.pid. */
  self?: number;
}

// The watched instances whose recorded daemon is still the very process the watchdog was given.
async function aliveWatched(
  state: StateDocument,
  watched: readonly WatchedInstance[],
): Promise<{ name: string; entry: InstanceState }[]> {
  const out: { name: string; entry: InstanceState }[] = [];
  for (const w of watched) {
    const entry = state.instances[w.name];
    if (entry?.runtime?.pid === w.pid && (await isAlive(w))) out.push({ name: w.name, entry });
  }
  return out;
}

// Stops the watched daemons in parallel and records them stopped (and this watchdog gone) in the state.
async function stopWatched(
  config: WatchdogConfig,
  state: StateDocument,
  options: WatchOptions,
  self: number,
): Promise<void> {
  const log = options.log ?? (() => {});
  const targets = await aliveWatched(state, config.instances);
  const stopped = await Promise.all(
    targets.map(async ({ name, entry }) => {
      const env = options.baseEnv ?? process.env;
      const [how] = await Promise.all([
        stopInstance(entry, { baseEnv: env }),
        stopInstanceDevices(entry, env),
      ]);
      log(`${name} (pid ${entry.runtime?.pid}): stopped (${how})`);
      return { name, pid: entry.runtime?.pid };
    }),
  );
  // Opened only now, so the document written back is the latest one on disk.
  const store = await openStateStore(config.stateFile);
  if (store.current() === undefined) return;
  await store.update((doc) => {
    for (const { name, pid } of stopped) {
      const runtime = doc.instances[name]?.runtime;
      if (runtime === undefined || runtime.pid !== pid) continue;
      runtime.status = 'stopped';
      delete runtime.error;
      delete runtime.exitCode;
    }
    if (doc.watchdog?.pid === self) delete doc.watchdog;
  });
}

// One look: what the watchdog must do now, or `watching` to look again later.
async function look(config: WatchdogConfig, self: number): Promise<WatchdogExit | 'watching'> {
  const state = await readState(config.stateFile).catch(() => undefined);
  if (state === undefined) return 'state-gone';
  const recorded = state.watchdog;
  if (recorded !== undefined && recorded.pid !== self && (await isRunningWatchdog(recorded))) {
    return 'replaced';
  }
  if ((await aliveWatched(state, config.instances)).length === 0) return 'instances-gone';
  return (await isAlive(config.owner)) ? 'watching' : 'owner-gone';
}

// The watchdog process's loop: looks every interval until its work is done; never runs longer than its
// instances, its owner's daemons or the project's state file.
export async function watchOwner(config: WatchdogConfig, options: WatchOptions = {}): Promise<WatchdogExit> {
  const self = options.self ?? process.pid;
  const log = options.log ?? (() => {});
  const names = config.instances.map((i) => `${i.name} (pid ${i.pid})`);
  log(`watching owner pid ${config.owner.pid} for ${names.join(', ')}`);
  for (;;) {
    const verdict = await look(config, self);
    if (verdict === 'owner-gone') {
      log(`owner pid ${config.owner.pid} is gone: stopping the instances`);
      const state = await readState(config.stateFile).catch(() => undefined);
      if (state !== undefined) await stopWatched(config, state, options, self);
    }
    if (verdict !== 'watching') {
      log(`done: ${verdict}`);
      return verdict;
    }
    await delay(config.intervalMs ?? 500);
  }
}
