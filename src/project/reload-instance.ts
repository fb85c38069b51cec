// One instance's part of `reload`: NSO's `packages reload` on it and the packages' oper-status after it; on an
// HA Raft follower, waiting until it runs the packages its leader reloaded.
import { waitUntil } from '../host/wait-until.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import { packageStatuses, reloadPackages } from '../ncs/packages.js';
import type { PackageStatus } from '../nso/package-status.js';
import { SETTLING_STATUSES } from '../nso/package-status.js';
import type { InstanceState } from '../state/state-document.js';
import type { ReloadOutcome } from './reload-outcome.js';

/** How often a follower is asked whether it has its leader's packages yet. */
const FOLLOWER_POLL_MS = 500;

interface ReloadContext {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

// Reloads the packages of a running instance and reads their oper-status. A package NSO could not load is
// reported by the oper-status list (its reload-result line says the same); a reload NSO cancelled (a package's
// dependency missing, data it would delete without force) fails the instance.
export async function reloadOn(
  instance: string,
  entry: InstanceState,
  ctx: ReloadContext & { force: boolean },
): Promise<ReloadOutcome> {
  const began = Date.now();
  const ncs = entry.runtime!.ncs;
  const env = instanceProcessEnv(ctx.env, entry);
  const answer = await reloadPackages(ncs, env, { force: ctx.force, timeoutMs: ctx.timeoutMs });
  if ('error' in answer) {
    return {
      instance,
      result: 'failed',
      reason: `NSO cancelled the reload: ${answer.error}`,
      force: ctx.force,
    };
  }
  const asked = await packageStatuses(ncs, env, ctx.timeoutMs);
  if ('error' in asked) {
    return {
      instance,
      result: 'failed',
      reason: `reloaded, but its packages could not be read: ${asked.error}`,
    };
  }
  return { instance, result: 'reloaded', packages: asked.packages, force: ctx.force, ms: Date.now() - began };
}

// Waits until a follower runs every package its leader reloaded, each settled (up, or failed as on the leader).
export async function replicatedTo(
  instance: string,
  entry: InstanceState,
  leader: ReloadOutcome,
  ctx: ReloadContext,
): Promise<ReloadOutcome> {
  const began = Date.now();
  const wanted = new Set((leader.packages ?? []).map((p) => p.name));
  const env = instanceProcessEnv(ctx.env, entry);
  let last: PackageStatus[] | undefined;
  let error: string | undefined;
  const caughtUp = await waitUntil(
    async () => {
      const asked = await packageStatuses(entry.runtime!.ncs, env, ctx.timeoutMs);
      if ('error' in asked) {
        error = asked.error;
        return false;
      }
      last = asked.packages;
      const names = new Set(last.map((p) => p.name));
      return (
        names.size === wanted.size &&
        [...wanted].every((n) => names.has(n)) &&
        last.every((p) => !SETTLING_STATUSES.has(p.status))
      );
    },
    ctx.timeoutMs,
    FOLLOWER_POLL_MS,
  );
  if (!caughtUp) {
    const has = last === undefined ? `not readable: ${error}` : names(last);
    return {
      instance,
      result: 'failed',
      leader: leader.instance,
      reason: `did not get the packages of its leader ${leader.instance} within ${ctx.timeoutMs / 1000} s (it runs ${has}; the leader ${names(leader.packages ?? [])})`,
    };
  }
  return { instance, result: 'replicated', leader: leader.instance, packages: last!, ms: Date.now() - began };
}

function names(packages: readonly PackageStatus[]): string {
  return packages.length === 0 ? 'no package' : packages.map((p) => p.name).join(', ');
}
