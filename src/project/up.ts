// `up`: render, then start every selected instance in parallel and wait until each is ready. If one fails,
// the ones this run started are stopped again (unless keepGoing); on cancel (Ctrl-C) too.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { processStartTime } from '../host/process-identity.js';
import { STATE_FILE_NAME } from '../model.js';
import { type NcsCommand, resolveNcsCommand } from '../ncs/ncs-command.js';
import { netsimTool } from '../ncs/netsim.js';
import { askVersionCached } from '../ncs/nso-version.js';
import { stopInstance } from '../ncs/stop-instance.js';
import type { Notice } from '../notice.js';
import { runningPids } from '../state/running-instances.js';
import type { StateDocument, WatchdogState } from '../state/state-document.js';
import { openStateStore } from '../state/state-store.js';
import { collectDiagnostics } from './collect.js';
import { recordHaRaftLeader } from './ha-raft-leader.js';
import { type ClusterOutcome, clustersWith, formClusters } from './ha-raft-up.js';
import { forEachLimited } from './limit-concurrency.js';
import { type LsaOutcome, lowerNodesFirst, lowerNodesOf, wireUpperNodes } from './lsa-up.js';
import {
  type DeviceJob,
  deviceJobs,
  loadDevices,
  type NetsimOutcome,
  netsimOutcomes,
  runDeviceJob,
  stopStartedDevices,
} from './netsim-up.js';
import { loadPlanSpec, type PlanOptions } from './prepare-plan.js';
import { render } from './render.js';
import { selectInstances } from './select-instances.js';
import { startWithRetry } from './start-with-retry.js';
import { stateHooks } from './state-hooks.js';
import type { InstanceOutcome, UpEvent } from './up-events.js';
import { haRaftFailed, lsaFailed, netsimFailed, startFailed, withRollback } from './up-failures.js';
import { packagesReady } from './wait-packages.js';
import { startWatchdog, watchedInstances, watchedOwner } from './watchdog.js';

/** Starts in flight per CPU by default. A start does not keep a CPU busy all along (the daemon's own I/O, the
 * wait for it), and with one start per CPU the last batch boots alone: 3 real NSO on 2 CPUs started 2 + 1 took
 * 1.65× as long as a shell loop starting all 3 at once, and 1.04× started all at once (bench section real-nso,
 * bench/HISTORY.md round 6). */
export const DEFAULT_CONCURRENCY_PER_CPU = 2;

/** How long an instance may take to become ready by default. */
const DEFAULT_READY_SECONDS = 120;

export interface UpOptions extends PlanOptions {
  /** Instances to start; default all. */
  names?: string[];
  /** `--ncs PATH`, or `sim` for the bundled simulator; default the spec's ncs.command, $NCS_DIR, PATH. */
  ncs?: string;
  /** How many instances start at once; default twice the CPU count (DEFAULT_CONCURRENCY_PER_CPU). */
  concurrency?: number;
  /** Milliseconds each instance may take to become ready; default 120 000. */
  timeoutMs?: number;
  /** @deprecated Use timeoutMs: every timeout option is in milliseconds. Seconds, read when timeoutMs is absent. */
  timeoutSeconds?: number;
  /** Leave the started instances running when another fails (the result still reports the failure). */
  keepGoing?: boolean;
  /** Refuse a secret file that lets in more than the spec asks instead of correcting it (see render). */
  strict?: boolean;
  /** Abort to cancel: what this run started is stopped again. */
  signal?: AbortSignal;
  onEvent?: (event: UpEvent) => void;
  /** The environment the daemons inherit (plus each instance's own); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** A pid whose death stops what this run started or found running: a detached watchdog waits for it. */
  watchOwner?: number;
  /** Ready means every package's oper-status is up, not only the daemon: a package that is not up (after the
   * start's time, for one waiting for NSO's Java or Python VM) fails the run naming it and NSO's reason. */
  waitPackages?: boolean;
  /** A folder (relative to cwd) to write every instance's logs, ncs.conf (keys left out) and `ncs --status`
   * into after the run, whether it succeeded or not: a bug report or a CI artifact. */
  collect?: string;
}

export interface UpResult {
  project: string;
  stateFile: string;
  ncs: NcsCommand;
  outcomes: InstanceOutcome[];
  /** With keepGoing: what failed, as the error the run would have thrown (instances, reasons, log lines). */
  failure?: NsoMultiError;
  /** With watchOwner: the watchdog process started for it (absent when no instance runs). */
  watchdog?: WatchdogState;
  /** Each HA Raft cluster with a node among the instances asked for: its leader and roles after the run. */
  haRaft?: ClusterOutcome[];
  /** Each instance asked for with netsim devices: which this run started, and whether NSO got their config. */
  netsim?: NetsimOutcome[];
  /** Each LSA upper node asked for: whether it was wired to its lower nodes (configured and synced). */
  lsa?: LsaOutcome[];
}

// Starts the instances; throws START_FAILED (after rolling back) or INTERRUPTED, else resolves with outcomes.
// With `collect`, the instances' diagnostics are written there afterwards, whether the run succeeded or not.
export async function up(options: UpOptions = {}): Promise<UpResult> {
  if (options.collect === undefined) return upRun(options);
  let result: UpResult | undefined;
  let failure: unknown;
  try {
    result = await upRun(options);
  } catch (error) {
    failure = error;
  }
  const dir = resolve(options.cwd ?? process.cwd(), options.collect);
  const files = await collectDiagnostics({
    ...(options.config === undefined ? {} : { config: options.config }),
    cwd: options.cwd ?? process.cwd(),
    ...(options.workdir === undefined ? {} : { workdir: options.workdir }),
    ...(options.names?.length ? { names: options.names } : {}),
    dir,
    env: options.env ?? process.env,
  }).catch((error: unknown) => {
    // A run that failed keeps its own error: the diagnostics are a help, not the point.
    if (failure === undefined) throw error;
    return [];
  });
  options.onEvent?.({ type: 'collected', dir, files: files.length });
  if (failure !== undefined) throw failure;
  return result!;
}

async function upRun(options: UpOptions): Promise<UpResult> {
  const cwd = options.cwd ?? process.cwd();
  const baseEnv = options.env ?? process.env;
  const emit = options.onEvent ?? (() => {});
  const owner = options.watchOwner === undefined ? undefined : await watchedOwner(options.watchOwner);
  const spec = await loadPlanSpec({ ...options, cwd });
  const names = selectInstances(spec, options.names);
  const ncs = await resolveNcsCommand({ flag: options.ncs, spec: spec.ncs.command, env: baseEnv });
  const running = await runningPids(join(spec.workdir, STATE_FILE_NAME), spec, stateHooks(options));
  const { plan, notices } = await render({
    ...options,
    cwd,
    spec,
    ncs,
    running: new Set(running.keys()),
    detectVersion: () => askVersionCached(ncs.file, ncs.args, baseEnv, options.leaseDir),
  });
  const simulated: Notice[] =
    options.waitPackages && ncs.sim
      ? [{ level: 'warning', message: 'the simulator loads no packages: --wait-packages waits for nothing' }]
      : [];
  emit({ type: 'planned', plan, notices: [...notices, ...simulated], ncs: ncs.display, instances: names });

  const store = await openStateStore(plan.stateFile);
  const cancel = new AbortController();
  const onAbort = () => cancel.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const outcomes = new Map<string, InstanceOutcome>();
  const ownStart = await processStartTime(process.pid);
  const ctx = {
    owner: { pid: process.pid, ...(ownStart ? { startTime: ownStart } : {}) },
    spec,
    nsoVersion: plan.nsoVersion,
    ncs,
    store,
    baseEnv,
    timeoutSeconds: readySeconds(options),
    cancel: cancel.signal,
    emit,
    waitPackages: options.waitPackages === true && !ncs.sim,
  };

  // Netsim devices start beside the instances, each a job under the same bound.
  const tool = netsimTool(ncs);
  const devices = tool === undefined ? [] : deviceJobs(plan, names);
  const netsim = netsimOutcomes(devices);
  // Lower nodes first: an LSA upper node waits for the starts of its lower nodes.
  const jobs: (string | DeviceJob)[] = [...lowerNodesFirst(plan, names), ...devices];
  const ended = new Map(names.map((n) => [n, deferred<InstanceOutcome>()]));
  const end = (outcome: InstanceOutcome) => {
    outcomes.set(outcome.name, outcome);
    ended.get(outcome.name)?.resolve(outcome);
  };
  try {
    const limit = options.concurrency ?? DEFAULT_CONCURRENCY_PER_CPU * availableParallelism();
    await forEachLimited(jobs, limit, async (job) => {
      if (typeof job !== 'string') {
        if (cancel.signal.aborted) return;
        const ok = await runDeviceJob(job, tool!, baseEnv, netsim, cancel.signal);
        if (!ok && !options.keepGoing) cancel.abort();
        return;
      }
      const name = job;
      const pid = running.get(name);
      if (pid !== undefined) {
        const notUp = ctx.waitPackages ? await runningPackagesNotUp(store, name, ctx) : undefined;
        if (notUp !== undefined) {
          end({ name, result: 'failed', pid, reason: notUp.reason, log: notUp.log });
          emit({ type: 'failed', instance: name, reason: notUp.reason, log: notUp.log });
          if (!options.keepGoing) cancel.abort();
          return;
        }
        end({ name, result: 'already-running', pid });
        emit({ type: 'already-running', instance: name, pid });
        return;
      }
      const lower = await Promise.all(lowerNodesOf(plan, name, names).map((n) => ended.get(n)!.promise));
      const down = lower.filter((o) => o.result !== 'started' && o.result !== 'already-running');
      if (cancel.signal.aborted || down.length > 0) {
        const reason = options.signal?.aborted
          ? 'not started: the run was cancelled'
          : down.length > 0
            ? `not started: its lower node ${down.map((o) => o.name).join(', ')} did not start`
            : 'not started: another instance failed';
        end({ name, result: 'skipped', reason });
        emit({ type: 'skipped', instance: name, reason });
        return;
      }
      const outcome = await startWithRetry(name, ctx);
      end(outcome);
      if (outcome.result === 'failed' && !options.keepGoing) cancel.abort();
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }

  const ordered = names.map((n) => outcomes.get(n)!);
  const failed = ordered.filter((o) => o.result === 'failed');
  if (!cancel.signal.aborted) {
    for (const outcome of netsim.values()) {
      const runs = ['started', 'already-running'].includes(outcomes.get(outcome.instance)?.result ?? '');
      if (runs && outcome.failed.length === 0) await loadDevices(outcome, store, ncs, baseEnv);
      emit({ type: 'netsim', outcome });
    }
  }
  const netsimFailure = netsimFailed([...netsim.values()]);
  const isUp = (o: InstanceOutcome) => o.result === 'started' || o.result === 'already-running';
  const lsa =
    cancel.signal.aborted || netsimFailure !== undefined || ncs.sim
      ? []
      : await wireUpperNodes({
          store,
          plan,
          names,
          started: new Set(ordered.filter((o) => o.result === 'started').map((o) => o.name)),
          running: new Set([
            ...ordered.filter(isUp).map((o) => o.name),
            ...[...running.keys()].filter((n) => !names.includes(n)),
          ]),
          ncs,
          baseEnv,
          onWiring: (upper, what) => emit({ type: 'lsa-wiring', upper, what }),
        });
  for (const outcome of lsa) emit({ type: 'lsa', outcome });
  const lsaFailure = lsaFailed(lsa);
  let clusters: ClusterOutcome[] = [];
  let clusterFailure: NsoMultiError | undefined;
  if (!cancel.signal.aborted && store.current() !== undefined) {
    clusters = await haRaftStep(store.current()!, names, { ...ctx, stateFile: plan.stateFile });
    clusterFailure = haRaftFailed(clusters);
  }
  const interrupted = options.signal?.aborted === true;
  const stepFailure = netsimFailure ?? lsaFailure ?? clusterFailure;
  if (interrupted || ((failed.length > 0 || stepFailure) && !options.keepGoing)) {
    const started = ordered.filter((o) => o.result === 'started').map((o) => o.name);
    if (tool !== undefined) await stopStartedDevices(netsim.values(), devices, tool, baseEnv);
    await rollback(
      started,
      store,
      baseEnv,
      emit,
      interrupted ? 'the run was cancelled' : 'another instance failed',
    );
    if (interrupted) {
      throw new NsoMultiError(
        'INTERRUPTED',
        `interrupted; stopped the ${started.length} instance(s) this run had started`,
        {
          exitCode: 130,
        },
      );
    }
    if (failed.length === 0 && stepFailure) throw withRollback(stepFailure, started.length);
    throw startFailed(failed, started.length, plan.workdir);
  }
  // The run is complete: what it started is no longer an orphan candidate for `gc`.
  await store.update((state) => {
    for (const outcome of ordered) {
      if (outcome.result === 'started') delete state.instances[outcome.name]?.runtime?.upOwner;
    }
  });
  const result: UpResult = { project: plan.project, stateFile: plan.stateFile, ncs, outcomes: ordered };
  if (clusters.length > 0) result.haRaft = clusters;
  if (netsim.size > 0) result.netsim = [...netsim.values()];
  if (lsa.length > 0) result.lsa = lsa;
  if (failed.length > 0) result.failure = startFailed(failed, 0, plan.workdir);
  else if (stepFailure) result.failure = stepFailure;
  if (owner !== undefined) {
    const kept = ordered.filter((o) => o.result === 'started' || o.result === 'already-running');
    const instances = await watchedInstances(
      store.current(),
      kept.map((o) => o.name),
    );
    if (instances.length > 0) {
      result.watchdog = await startWatchdog({ stateFile: plan.stateFile, owner, instances }, baseEnv);
    }
  }
  return result;
}

// Forms the HA Raft clusters of the instances asked for (see ha-raft-up.ts) and reports each; the simulator
// has no HA Raft, which is said once.
async function haRaftStep(
  state: StateDocument,
  names: readonly string[],
  ctx: {
    ncs: NcsCommand;
    baseEnv: NodeJS.ProcessEnv;
    timeoutSeconds: number;
    emit: (e: UpEvent) => void;
    stateFile: string;
  },
): Promise<ClusterOutcome[]> {
  const asked = clustersWith(state, names);
  if (asked.length === 0) return [];
  if (ctx.ncs.sim) {
    ctx.emit({ type: 'ha-raft-simulated', clusters: asked.map(([cluster]) => cluster) });
    return [];
  }
  const outcomes = await formClusters({
    state,
    names,
    ncs: ctx.ncs,
    baseEnv: ctx.baseEnv,
    timeoutMs: ctx.timeoutSeconds * 1000,
    onForming: (cluster, what) => ctx.emit({ type: 'ha-raft-forming', cluster, what }),
  });
  for (const outcome of outcomes) {
    const leader = outcome.result === 'formed' ? outcome.leader : null;
    await recordHaRaftLeader(ctx.stateFile, outcome.cluster, leader);
    ctx.emit({ type: 'ha-raft', outcome });
  }
  return outcomes;
}

// With --wait-packages, an instance that already runs is ready once its packages are up as well; it is not
// stopped when they are not (this run did not start it). Undefined when they are all up.
async function runningPackagesNotUp(
  store: Awaited<ReturnType<typeof openStateStore>>,
  name: string,
  ctx: { ncs: NcsCommand; baseEnv: NodeJS.ProcessEnv; timeoutSeconds: number },
): Promise<{ reason: string; log: string[] } | undefined> {
  const entry = store.current()?.instances[name];
  if (entry === undefined) return undefined;
  const ready = await packagesReady(
    entry,
    entry.runtime?.ncs ?? ctx.ncs,
    ctx.baseEnv,
    ctx.timeoutSeconds * 1000,
  );
  return 'reason' in ready ? ready : undefined;
}

// The readiness timeout in whole seconds, as ncs_cmd and `ncs --wait-started` take it.
function readySeconds(options: UpOptions): number {
  const ms = options.timeoutMs ?? (options.timeoutSeconds ?? DEFAULT_READY_SECONDS) * 1000;
  return Math.max(1, Math.ceil(ms / 1000));
}

async function rollback(
  names: string[],
  store: Awaited<ReturnType<typeof openStateStore>>,
  baseEnv: NodeJS.ProcessEnv,
  emit: (event: UpEvent) => void,
  reason: string,
): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      const entry = store.current()?.instances[name];
      if (entry === undefined) return;
      emit({ type: 'stopping', instance: name, reason });
      const how = await stopInstance(entry, { baseEnv });
      await store.update((state) => {
        const runtime = state.instances[name]?.runtime;
        if (runtime) runtime.status = 'stopped';
      });
      emit({ type: 'stopped', instance: name, how });
    }),
  );
}

// A promise and the function that resolves it (Promise.withResolvers, which Node.js 20 lacks).
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
