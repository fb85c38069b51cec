// Starts one instance for `up`: records its pid at once, waits until ready, and after a bind failure on a
// generated port allocates again and retries (at most 3 attempts in all).
import { readSecretStamp } from '../host/secret-stamp.js';
import type { Spec } from '../model.js';
import type { StateStore } from '../state/state-store.js';
import { instanceProcessEnv, nodeName } from './instance-process-env.js';
import type { NcsCommand } from './ncs-command.js';
import { EXIT_BIND_FAILED } from './ncs-exit-codes.js';
import { replanInstance } from './replan-instance.js';
import { startInstance } from './start-instance.js';
import { stopInstance } from './stop-instance.js';
import type { InstanceOutcome, UpEvent } from './up-events.js';

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
}

// Starts `name` and resolves with what became of it; a daemon that may still run after a failure is stopped.
export async function startWithRetry(name: string, ctx: StartContext): Promise<InstanceOutcome> {
  const instanceSpec = ctx.spec.instances.find((i) => i.name === name)!;
  const canMove = Object.keys(instanceSpec.ports).length < Object.keys(currentEntry(ctx, name).ports).length;
  for (let attempt = 1; ; attempt++) {
    ctx.emit({ type: 'starting', instance: name, attempt });
    const entry = currentEntry(ctx, name);
    const began = Date.now();
    // Taken before the spawn: the file the daemon is about to read, so `status` can tell when it changes.
    const secret = entry.secretFile === null ? null : await readSecretStamp(entry.secretFile);
    const outcome = await startInstance({
      runDir: entry.runDir,
      ncsConf: entry.ncsConf,
      ncs: ctx.ncs,
      env: instanceProcessEnv(ctx.baseEnv, entry, { sname: nodeName(ctx.spec.project, name) }),
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
        ctx.emit({ type: 'spawned', instance: name, pid });
      },
    });
    if (outcome.ok) {
      await ctx.store.update((state) => {
        state.instances[name]!.runtime!.status = 'running';
      });
      ctx.emit({ type: 'started', instance: name, pid: outcome.pid, ms: Date.now() - began });
      return { name, result: 'started', pid: outcome.pid };
    }
    if (outcome.mayRun && outcome.pid !== undefined) {
      await stopInstance({ ...currentEntry(ctx, name) }, { baseEnv: ctx.baseEnv, graceMs: 5000 });
    }
    await ctx.store.update((state) => {
      const runtime = state.instances[name]?.runtime;
      if (runtime === undefined) return;
      runtime.status = 'failed';
      runtime.error = outcome.reason;
      if (outcome.exitCode !== undefined) runtime.exitCode = outcome.exitCode;
    });
    if (ctx.cancel.aborted) {
      const reason = 'stopped while starting: the run is being rolled back';
      ctx.emit({ type: 'skipped', instance: name, reason });
      return { name, result: 'skipped', reason };
    }
    if (outcome.exitCode === EXIT_BIND_FAILED && canMove && attempt < MAX_ATTEMPTS) {
      try {
        const notices = await replanInstance(ctx.spec, name, ctx.nsoVersion, ctx.store, ctx.baseEnv);
        ctx.emit({ type: 'retrying', instance: name, reason: outcome.reason, notices });
        continue;
      } catch (error) {
        const reason = `${outcome.reason}; allocating again failed: ${(error as Error).message}`;
        ctx.emit({ type: 'failed', instance: name, reason, log: outcome.log });
        return { name, result: 'failed', reason, log: outcome.log, exitCode: EXIT_BIND_FAILED };
      }
    }
    ctx.emit({ type: 'failed', instance: name, reason: outcome.reason, log: outcome.log });
    return {
      name,
      result: 'failed',
      reason: outcome.reason,
      log: outcome.log,
      ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
    };
  }
}

function currentEntry(ctx: StartContext, name: string) {
  const entry = ctx.store.current()?.instances[name];
  if (entry === undefined) throw new Error(`internal: no state for instance ${name}`);
  return entry;
}
