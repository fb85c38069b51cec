// `reload`: puts the spec's current packages in place (a render), then has every running instance asked for
// run NSO's `packages reload`, in parallel, and reports each package that is not up. An HA Raft cluster reloads
// on its leader only: NSO hands the leader's packages to the followers, which are then checked like the rest.
// With `build`, `make -C <package>/src` runs first, once per package folder.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { STATE_FILE_NAME } from '../model.js';
import { nodeRuns } from '../ncs/ha-raft-node.js';
import { installationDirOf } from '../ncs/ncs-command.js';
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import { loadState } from '../state/load-state.js';
import type { InstanceState, StateDocument } from '../state/state-document.js';
import { openStateStore, type StateStore } from '../state/state-store.js';
import { buildPackages, type PackageBuild, packageFolders } from './build-packages.js';
import { leaderNow } from './ha-raft-leader-now.js';
import { forEachLimited } from './limit-concurrency.js';
import { packagesOf, startedPackagesOf } from './package-reload.js';
import { loadPlanSpec } from './prepare-plan.js';
import { reloadOn, replicatedTo } from './reload-instance.js';
import { type ReloadEvent, type ReloadOutcome, reloadFailure } from './reload-outcome.js';
import { type RenderOptions, render } from './render.js';
import { selectInstances } from './select-instances.js';
import { stateHooks } from './state-hooks.js';

export type { ReloadEvent, ReloadOutcome } from './reload-outcome.js';

/** How long one instance's reload may take by default (NSO upgrades the CDB when a package's YANG changed). */
const DEFAULT_RELOAD_MS = 120_000;

export interface ReloadOptions extends RenderOptions {
  /** Instances to reload; default all. A node of an HA Raft cluster stands for its cluster (reloaded on its
   * leader). */
  names?: string[];
  /** `make -C <package>/src` in every package folder of the instances first (once per folder). */
  build?: boolean;
  /** Reload with `force` even when no package was removed: NSO then goes ahead with what it calls dangerous
   * (deleting a namespace's data). A package dropped from the spec is always reloaded with force. */
  force?: boolean;
  /** Milliseconds each instance's reload (and a follower's catching up) may take; default 120 000. */
  timeoutMs?: number;
  onEvent?: (event: ReloadEvent) => void;
}

export interface ReloadResult {
  project: string;
  /** Each instance asked for, in spec order. */
  outcomes: ReloadOutcome[];
  /** With `build`: each package folder's build. */
  builds: PackageBuild[];
}

// Reloads the packages; throws BUILD_FAILED (nothing reloaded) or RELOAD_FAILED (naming each instance and
// package that failed) once every instance has answered.
export async function reload(options: ReloadOptions = {}): Promise<ReloadResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const emit = options.onEvent ?? (() => {});
  const spec = await loadPlanSpec({ ...options, cwd });
  const names = selectInstances(spec, options.names);
  const builds = options.build
    ? await buildPackages(
        packageFolders(spec, names),
        buildEnv(await loadState(join(spec.workdir, STATE_FILE_NAME), { ...stateHooks(options), spec }), env),
        (build) => emit({ type: 'build', build }),
      )
    : [];
  const { plan, notices } = await render({ ...options, cwd, spec });
  emit({ type: 'rendered', notices });
  const store = await openStateStore(plan.stateFile);
  const state = store.current();
  const timeoutMs = options.timeoutMs ?? DEFAULT_RELOAD_MS;
  const outcomes = new Map<string, ReloadOutcome>();
  const done = (outcome: ReloadOutcome) => {
    outcomes.set(outcome.instance, outcome);
    emit({ type: 'reloaded', outcome });
  };
  const targets = await reloadTargets(state, names, done);
  await forEachLimited(targets, 2 * availableParallelism(), async ({ instance, followers }) => {
    const entry = state!.instances[instance]!;
    const removed = removedPackages(entry);
    const force = options.force === true || removed.length > 0;
    emit({ type: 'reloading', instance, force, removed, followers: followers.map((f) => f.name) });
    const outcome = await reloadOn(instance, entry, { env, force, timeoutMs });
    if (outcome.result !== 'failed' || outcome.packages !== undefined) await recordLoaded(store, [instance]);
    done(outcome);
    if (outcome.packages === undefined) return;
    await Promise.all(
      followers.map(async (follower) => {
        const replicated = await replicatedTo(follower.name, follower.entry, outcome, { env, timeoutMs });
        if (replicated.result === 'replicated') await recordLoaded(store, [follower.name]);
        done(replicated);
      }),
    );
  });
  const ordered = names.map((n) => outcomes.get(n)!);
  const failure = reloadFailure(ordered);
  if (failure !== undefined) throw failure;
  return { project: plan.project, outcomes: ordered, builds };
}

/** An instance that runs `packages reload`, and the HA Raft followers that get its packages. */
interface ReloadTarget {
  instance: string;
  followers: { name: string; entry: InstanceState }[];
}

// Who reloads: each running instance asked for, except that a cluster's nodes are served by its leader (asked
// for or not). Instances that cannot reload are reported through `skip` at once.
async function reloadTargets(
  state: StateDocument | undefined,
  names: readonly string[],
  skip: (outcome: ReloadOutcome) => void,
): Promise<ReloadTarget[]> {
  const targets = new Map<string, ReloadTarget>();
  for (const name of names) {
    const entry = state?.instances[name];
    const runtime = entry?.runtime;
    if (entry === undefined || runtime === undefined || !(await nodeRuns(entry))) {
      skip({ instance: name, result: 'skipped', reason: 'not running: `nso-multi up` loads its packages' });
      continue;
    }
    if (runtime.ncs.sim || isSimulatorCommand(runtime.ncs.file)) {
      skip({ instance: name, result: 'skipped', reason: 'runs on the simulator, which loads no packages' });
      continue;
    }
    const cluster = entry.haRaft?.cluster;
    let leader = name;
    if (cluster !== undefined) {
      try {
        leader = await leaderNow(state!, cluster);
      } catch (error) {
        skip({ instance: name, result: 'failed', reason: (error as Error).message });
        continue;
      }
    }
    const target = targets.get(leader) ?? { instance: leader, followers: [] };
    targets.set(leader, target);
    if (leader !== name) target.followers.push({ name, entry });
  }
  return [...targets.values()];
}

// Packages the instance last started or reloaded with that the spec no longer has: NSO deletes their data
// only with `force`.
function removedPackages(entry: InstanceState): string[] {
  const started = startedPackagesOf(entry.startedPackages);
  if (started === undefined) return [];
  const now = new Set(packagesOf(entry.contents).map((p) => p.name));
  return started.filter((p) => !now.has(p.name)).map((p) => p.name);
}

// NSO now runs with the packages render laid out: the next `up` reloads only if the spec's set changes again.
async function recordLoaded(store: StateStore, names: readonly string[]): Promise<void> {
  await store.update((state) => {
    for (const name of names) {
      const entry = state.instances[name];
      if (entry !== undefined) entry.startedPackages = packagesOf(entry.contents);
    }
  });
}

// The environment builds run in: the caller's, with NCS_DIR set to the installation that runs the project's
// instances when the caller has none (the Makefiles ncs-make-package writes include $(NCS_DIR)/src/ncs/build).
function buildEnv(state: StateDocument | undefined, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.NCS_DIR) return env;
  const ncs = Object.values(state?.instances ?? {}).find((e) => e.runtime && !e.runtime.ncs.sim)?.runtime
    ?.ncs;
  return ncs === undefined ? env : { ...env, NCS_DIR: installationDirOf(ncs) };
}
