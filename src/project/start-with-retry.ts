// Starts one instance for `up`: records its pid at once, waits until ready, checks that the daemon holds its
// listeners, and after a bind failure on a generated port (exit 20, or a listener NSO started without)
// allocates again and retries (at most 3 attempts in all).
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { readSecretStamp } from '../host/secret-stamp.js';
import type { Spec } from '../model.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import type { NcsCommand } from '../ncs/ncs-command.js';
import { startInstance } from '../ncs/start-instance.js';
import { stopInstance } from '../ncs/stop-instance.js';
import { EXIT_BIND_FAILED } from '../nso/ncs-exit-codes.js';
import { nodeName } from '../plan/node-name.js';
import type { StateStore } from '../state/state-store.js';
import { missingListeners } from './listeners-held.js';
import { PACKAGES_IN_USE, packageReload, packagesOf, startedPackagesOf } from './package-reload.js';
import { replanInstance } from './replan-instance.js';
import type { InstanceOutcome, UpEvent } from './up-events.js';
import { packagesReady } from './wait-packages.js';

export const MAX_ATTEMPTS = 3;

export interface StartContext {
  spec: Spec;
  nsoVersion: string;
  ncs: NcsCommand;
  store: StateStore;
  baseEnv: NodeJS.ProcessEnv;
  timeoutSeconds: number;
  /** Aborted on Ctrl-C, or when another instance failed and the run will roll back. */
  cancel: AbortSignal;
  emit: (event: UpEvent) => void;
  /** This `up` process, recorded with each daemon until the run completes. */
  owner: { pid: number; startTime?: string };
  /** Ready means every package's oper-status is up too (`up --wait-packages`). */
  waitPackages?: boolean;
}

// Starts `name` and resolves with what became of it; a daemon that may still run after a failure is stopped.
export async function startWithRetry(name: string, ctx: StartContext): Promise<InstanceOutcome> {
  const instanceSpec = ctx.spec.instances.find((i) => i.name === name)!;
  const canMove = Object.keys(instanceSpec.ports).length < Object.keys(currentEntry(ctx, name).ports).length;
  const first = currentEntry(ctx, name);
  const packages = packagesOf(first.contents);
  const started = startedPackagesOf(first.startedPackages);
  const inUse =
    started === undefined &&
    (await lstat(join(first.runDir, PACKAGES_IN_USE)).then(
      () => true,
      () => false,
    ));
  const reload = packageReload(started, packages, inUse) ?? undefined;
  const withReload = reload ? { packages: reload } : {};
  for (let attempt = 1; ; attempt++) {
    ctx.emit({ type: 'starting', instance: name, attempt, ...withReload });
    const entry = currentEntry(ctx, name);
    const began = Date.now();
    // Taken before the spawn: the file the daemon is about to read, so `status` can tell when it changes.
    const secret = entry.secretFile === null ? null : await readSecretStamp(entry.secretFile);
    const outcome = await startInstance({
      runDir: entry.runDir,
      ncsConf: entry.ncsConf,
      ncs: ctx.ncs,
      flags: reload ? [reload.flag] : [],
      env: instanceProcessEnv(ctx.baseEnv, entry, { sname: nodeName(ctx.spec, name) }),
      timeoutSeconds: ctx.timeoutSeconds,
      signal: ctx.cancel,
      onSpawn: async (pid, startTime) => {
        await ctx.store.update((state) => {
          state.instances[name]!.runtime = {
            status: 'starting',
            pid,
            startedAt: new Date().toISOString(),
            ncs: ctx.ncs,
            upOwner: ctx.owner,
            ...(startTime ? { startTime } : {}),
            ...(secret ? { secret } : {}),
          };
        });
      },
      onGateOpen: (pid) => ctx.emit({ type: 'spawned', instance: name, pid }),
    });
    const missing = outcome.ok
      ? await missingListeners(outcome.pid, entry.listeners, entry.runDir)
      : undefined;
    const packagesNotUp =
      outcome.ok && missing === undefined && ctx.waitPackages === true
        ? await waitForPackages(ctx, name, began)
        : undefined;
    if (outcome.ok && missing === undefined && !(packagesNotUp && 'reason' in packagesNotUp)) {
      await ctx.store.update((state) => {
        state.instances[name]!.runtime!.status = 'running';
        // NSO now runs with these packages: the next start reloads only if the spec's set changes again.
        state.instances[name]!.startedPackages = packages;
      });
      const up = packagesNotUp ? { packagesUp: packagesNotUp.packages } : {};
      const ms = Date.now() - began;
      ctx.emit({ type: 'started', instance: name, pid: outcome.pid, ms, ...withReload, ...up });
      return { name, result: 'started', pid: outcome.pid, ...withReload };
    }
    const failed: Failed = !outcome.ok
      ? { ...outcome, bindFailed: outcome.exitCode === EXIT_BIND_FAILED }
      : missing !== undefined
        ? { reason: missing.reason, log: missing.log, exitCode: undefined, bindFailed: true, mayRun: true }
        : {
            ...(packagesNotUp as { reason: string; log: string[] }),
            exitCode: undefined,
            bindFailed: false,
            mayRun: true,
          };
    if (failed.mayRun) {
      await stopInstance({ ...currentEntry(ctx, name) }, { baseEnv: ctx.baseEnv, graceMs: 5000 });
    }
    await ctx.store.update((state) => {
      const runtime = state.instances[name]?.runtime;
      if (runtime === undefined) return;
      runtime.status = 'failed';
      runtime.error = failed.reason;
      if (failed.exitCode !== undefined) runtime.exitCode = failed.exitCode;
    });
    if (ctx.cancel.aborted) {
      const reason = 'stopped while starting: the run is being rolled back';
      ctx.emit({ type: 'skipped', instance: name, reason });
      return { name, result: 'skipped', reason };
    }
    if (failed.bindFailed && canMove && attempt < MAX_ATTEMPTS) {
      try {
        const notices = await replanInstance(ctx.spec, name, ctx.nsoVersion, ctx.store, ctx.baseEnv);
        ctx.emit({ type: 'retrying', instance: name, reason: failed.reason, notices });
        continue;
      } catch (error) {
        const reason = `${failed.reason}; allocating again failed: ${(error as Error).message}`;
        ctx.emit({ type: 'failed', instance: name, reason, log: failed.log });
        return {
          name,
          result: 'failed',
          reason,
          log: failed.log,
          exitCode: failed.exitCode ?? EXIT_BIND_FAILED,
        };
      }
    }
    ctx.emit({ type: 'failed', instance: name, reason: failed.reason, log: failed.log });
    return {
      name,
      result: 'failed',
      reason: failed.reason,
      log: failed.log,
      ...(failed.exitCode !== undefined ? { exitCode: failed.exitCode } : {}),
    };
  }
}

/** A start that did not give a running instance with all its listeners. */
interface Failed {
  reason: string;
  log: string[];
  exitCode: number | undefined;
  /** A port was in use: exit 20, or a daemon that started without one of its listeners. */
  bindFailed: boolean;
  /** The daemon may still run: it is stopped before anything else. */
  mayRun: boolean;
}

// `--wait-packages`: waits for the instance's packages within what is left of the start's time.
async function waitForPackages(
  ctx: StartContext,
  name: string,
  began: number,
): Promise<{ packages: number } | { reason: string; log: string[] }> {
  ctx.emit({ type: 'waiting-packages', instance: name });
  const left = Math.max(1000, ctx.timeoutSeconds * 1000 - (Date.now() - began));
  return packagesReady(currentEntry(ctx, name), ctx.ncs, ctx.baseEnv, left);
}

function currentEntry(ctx: StartContext, name: string) {
  const entry = ctx.store.current()?.instances[name];
  if (entry === undefined) throw new Error(`internal: no state for instance ${name}`);
  return entry;
}
