// `down`: stops instances in parallel (each with its own `ncs --stop`, then TERM/KILL, bounded) and records
// them as stopped; with `purge` it also removes their run dirs, env files and state entries, and when none is
// left the state file and the empty workdir, so the folder is as it was before the first render.
import { lstat, realpath, rm, rmdir, unlink } from 'node:fs/promises';
import { basename, isAbsolute, relative } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { isAlive } from '../host/process-identity.js';
import { openLeaseRegistry } from '../leases/lease-registry.js';
import { epmdStatus } from '../ncs/epmd.js';
import { stopInstanceDevices } from '../ncs/netsim.js';
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import { type StopHow, stopInstance } from '../ncs/stop-instance.js';
import { haRaftCaRoot } from '../plan/ha-raft-tls-files.js';
import {
  type ProjectStateOptions,
  readProjectState,
  type SelectedInstance,
  selectRecordedInstances,
} from '../state/project-state.js';
import type { InstanceState } from '../state/state-document.js';
import { openStateStore } from '../state/state-store.js';
import { type ClusterAfterDown, clustersAfterDown, planHaRaftDown } from './ha-raft-down.js';
import { recordHaRaftLeader } from './ha-raft-leader.js';

export interface DownOptions extends ProjectStateOptions {
  /** Instances to stop; all recorded ones when empty or absent. */
  names?: readonly string[];
  /** Also remove the instances' files and state entries. */
  purge?: boolean;
  /** The host-wide lease registry's folder (default: see openLeaseRegistry). */
  leaseDir?: string;
  /** How long `ncs --stop` may take before signals follow (default 15 s). */
  graceMs?: number;
  /** How long after SIGTERM before SIGKILL (default 5 s). */
  termMs?: number;
  /** How long the rest of an HA Raft cluster may take to elect a leader after its leader stopped (default 30 s). */
  electionWaitMs?: number;
  onEvent?: (event: DownEvent) => void;
}

export type DownEvent =
  /** `netsimStopped`: the instance's netsim devices that were running, stopped with it. */
  | { type: 'stopped'; instance: string; how: StopHow; netsimStopped?: string[] }
  | { type: 'stop-failed'; instance: string; error: string }
  | { type: 'purged'; instance: string };

export interface DownInstanceResult {
  name: string;
  how: StopHow;
  /** Set when the daemon still runs after SIGKILL; such an instance is neither recorded stopped nor purged. */
  error?: string;
  purged: boolean;
  /** The instance's netsim devices that were running, stopped with it. */
  netsimStopped?: string[];
}

export interface DownResult {
  /** The folder of the state file and the run dirs. */
  workdir: string;
  /** In the order they were stopped: spec order, HA Raft leaders last. */
  instances: DownInstanceResult[];
  /** True when purge removed the last instance and with it the state file. */
  stateRemoved: boolean;
  /** True when the workdir was removed too (it was empty after that). */
  workdirRemoved: boolean;
  /** Set when HA Raft nodes were stopped and epmd, which NSO started for them, still listens. */
  epmdRemains?: boolean;
  /** The HA Raft clusters this down stopped some (not all) running nodes of: who leads them now. */
  haRaft?: ClusterAfterDown[];
}

function unsafe(path: string, why: string): NsoMultiError {
  return new NsoMultiError('UNSAFE_PATH', `refusing to remove ${path}: ${why}`, {
    hint: 'nso-multi removes only what it created where the state says; move the entry away and run again',
  });
}

async function lstatOrUndefined(path: string) {
  return lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new NsoMultiError('IO', `cannot inspect ${path}: ${error.message}`, { cause: error });
  });
}

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

// Refuses, before anything is stopped or removed, a run dir outside the workdir or a symlink in either place.
async function checkPurgeable(workdir: string, { name, entry }: SelectedInstance): Promise<void> {
  if (!inside(workdir, entry.runDir)) throw unsafe(entry.runDir, `it is not inside the workdir ${workdir}`);
  const runDir = await lstatOrUndefined(entry.runDir);
  if (runDir?.isSymbolicLink()) throw unsafe(entry.runDir, 'it is a symbolic link');
  if (runDir !== undefined && !runDir.isDirectory()) throw unsafe(entry.runDir, 'it is not a folder');
  if (runDir !== undefined && !inside(await realpath(workdir), await realpath(entry.runDir))) {
    throw unsafe(entry.runDir, `a symbolic link leads it out of the workdir ${workdir}`);
  }
  if (basename(entry.envFile) !== `.env.${name}`) throw unsafe(entry.envFile, `it is not ${name}'s env file`);
  const envFile = await lstatOrUndefined(entry.envFile);
  if (envFile !== undefined && !envFile.isFile()) {
    throw unsafe(
      entry.envFile,
      envFile.isSymbolicLink() ? 'it is a symbolic link' : 'it is not a regular file',
    );
  }
}

// Signalling the group of pid 1 (or 0) would hit every process we may signal: never trust such a record.
function checkRecordedPid({ name, entry }: SelectedInstance): void {
  const pid = entry.runtime?.pid;
  if (pid !== undefined && !(Number.isInteger(pid) && pid > 1)) {
    throw new NsoMultiError('STATE_CORRUPT', `the state records pid ${pid} for instance ${name}`, {
      hint: 'stop the daemon by hand, then remove its `runtime` entry from the state file',
      instance: name,
    });
  }
}

async function stopOne(
  { name, entry }: SelectedInstance,
  options: DownOptions,
): Promise<Omit<DownInstanceResult, 'purged'>> {
  const runtime = entry.runtime;
  const [how, devices] = await Promise.all([
    stopInstance(entry, { graceMs: options.graceMs, termMs: options.termMs }),
    stopInstanceDevices(entry, process.env),
  ]);
  const netsim = devices.length > 0 ? { netsimStopped: devices } : {};
  // Every other outcome was reported only once the process was seen gone.
  if (runtime !== undefined && how === 'SIGKILL' && (await isAlive(runtime))) {
    const error = `still running after SIGKILL (pid ${runtime.pid})`;
    options.onEvent?.({ type: 'stop-failed', instance: name, error });
    return { name, how, error, ...netsim };
  }
  options.onEvent?.({ type: 'stopped', instance: name, how, ...netsim });
  return { name, how, ...netsim };
}

async function removeFiles(entry: InstanceState): Promise<void> {
  for (const path of [entry.runDir, entry.envFile]) {
    try {
      await rm(path, { recursive: true, force: true });
    } catch (error) {
      throw new NsoMultiError('IO', `cannot remove ${path}: ${(error as Error).message}`, { cause: error });
    }
  }
}

function markStopped(entry: InstanceState | undefined): void {
  const runtime = entry?.runtime;
  if (runtime === undefined || runtime.status === 'stopped') return;
  runtime.status = 'stopped';
  delete runtime.error;
  delete runtime.exitCode;
}

// Removes the state file and the HA Raft certificate authorities (no node is left that they signed for), then
// the workdir, the latter only when nothing else is in it.
async function removeStateAndWorkdir(stateFile: string, workdir: string): Promise<boolean> {
  await unlink(stateFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT')
      throw new NsoMultiError('IO', `cannot remove ${stateFile}: ${error.message}`, { cause: error });
  });
  const authorities = haRaftCaRoot(workdir);
  await rm(authorities, { recursive: true, force: true }).catch((error: Error) => {
    throw new NsoMultiError('IO', `cannot remove ${authorities}: ${error.message}`, { cause: error });
  });
  if ((await lstatOrUndefined(workdir))?.isDirectory() !== true) return false;
  return rmdir(workdir).then(
    () => true,
    () => false,
  );
}

// Stops the selected instances (default: all recorded), records them stopped, and with `purge` removes them.
export async function down(options: DownOptions = {}): Promise<DownResult> {
  const project = await readProjectState({ ...options, isSimulator: isSimulatorCommand });
  const selected = selectRecordedInstances(project, options.names);
  for (const instance of selected) {
    checkRecordedPid(instance);
    if (options.purge) await checkPurgeable(project.workdir, instance);
  }
  // HA Raft leaders stop last: followers stopped first hold no election a full down does not need.
  const raft = await planHaRaftDown(
    project.state,
    selected.map((s) => s.name),
  );
  const first = selected.filter((s) => !raft.leaders.has(s.name));
  const last = selected.filter((s) => raft.leaders.has(s.name));
  const stoppedFirst = await Promise.all(first.map((instance) => stopOne(instance, options)));
  const stoppedLast = await Promise.all(last.map((instance) => stopOne(instance, options)));
  const stopped = [...stoppedFirst, ...stoppedLast];
  const results: DownInstanceResult[] = stopped.map((r) => ({ ...r, purged: false }));
  const clusters =
    project.state === undefined || raft.before.length === 0
      ? []
      : await clustersAfterDown(
          project.state,
          raft,
          stopped.filter((r) => r.error === undefined).map((r) => r.name),
          options.electionWaitMs,
        );
  const epmd = await epmdStatus(selected.map((s) => s.entry));
  const done = (stateRemoved = false, workdirRemoved = false): DownResult => ({
    workdir: project.workdir,
    instances: results,
    stateRemoved,
    workdirRemoved,
    ...(epmd?.listening ? { epmdRemains: true } : {}),
    ...(clusters.length > 0 ? { haRaft: clusters } : {}),
  });
  if (project.state === undefined) {
    // A render that died between taking leases and writing the state leaves leases no state names: drop them.
    if (options.purge) await releaseLeases(options.leaseDir, project.stateFile, undefined);
    return done();
  }

  if (options.purge) {
    for (const result of results) {
      if (result.error !== undefined) continue;
      await removeFiles(selected.find((s) => s.name === result.name)!.entry);
      result.purged = true;
      options.onEvent?.({ type: 'purged', instance: result.name });
    }
  }
  // Opened only now, so the document written back is the latest one on disk.
  const store = await openStateStore(project.stateFile);
  const current = store.current();
  if (current === undefined) return done();
  const purged = new Set(results.filter((r) => r.purged).map((r) => r.name));
  if (purged.size > 0) await releaseLeases(options.leaseDir, project.stateFile, purged);
  if (options.purge && Object.keys(current.instances).every((name) => purged.has(name))) {
    return done(true, await removeStateAndWorkdir(project.stateFile, project.workdir));
  }
  const changed = results.some((r) => r.purged || (r.error === undefined && needsMark(current, r.name)));
  if (changed) {
    await store.update((doc) => {
      for (const result of results) {
        if (result.purged) delete doc.instances[result.name];
        else if (result.error === undefined) markStopped(doc.instances[result.name]);
      }
    });
  }
  // Env files name the leader each cluster has now; none for a cluster with no node left running.
  for (const { cluster } of raft.before) {
    const after = clusters.find((c) => c.cluster === cluster.name);
    await recordHaRaftLeader(project.stateFile, cluster.name, after?.leader ?? null);
  }
  return done();
}

function needsMark(state: { instances: Record<string, InstanceState> }, name: string): boolean {
  const runtime = state.instances[name]?.runtime;
  return runtime !== undefined && runtime.status !== 'stopped';
}

// A purged instance gives its ports back to the host at once, rather than when its leases go stale.
async function releaseLeases(
  dir: string | undefined,
  project: string,
  /** The instances whose leases go; undefined: every lease of the project. */
  instances: ReadonlySet<string> | undefined,
): Promise<void> {
  await openLeaseRegistry(dir).update(async (leases) => ({
    leases: leases.filter(
      (l) => l.project !== project || (instances !== undefined && !instances.has(l.instance)),
    ),
    result: undefined,
  }));
}
