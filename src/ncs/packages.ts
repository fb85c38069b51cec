// Asks a running instance about its packages and has it reload them, through its ncs_cli (the C-style CLI).
import { waitUntil } from '../host/wait-until.js';
import { type PackageStatus, parsePackageStatuses, SETTLING_STATUSES } from '../nso/package-status.js';
import { runCliScript } from './ncs-cli-script.js';
import type { NcsCommand } from './ncs-command.js';

/** The packages NSO runs, or why it could not be asked. */
export type PackageStatusesResult = { packages: PackageStatus[] } | { error: string };

// Every package's oper-status as the instance reports it now.
export async function packageStatuses(
  ncs: NcsCommand,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<PackageStatusesResult> {
  const run = await runCliScript(ncs, env, 'show packages package oper-status | display json\n', timeoutMs);
  if ('error' in run) return run;
  const packages = parsePackageStatuses(run.output);
  if (packages === null) return { error: `ncs_cli printed no package list: ${run.output.slice(0, 200)}` };
  return { packages };
}

/** NSO carried the reload out (each package's outcome is in its oper-status), or its error when it cancelled it. */
export type ReloadAnswer = { done: true } | { error: string };

// Runs `packages reload` (with `force`: also when it deletes a removed package's data) and waits for its answer.
// NSO answers once every package is loaded and its components are started, or the reload is cancelled.
export async function reloadPackages(
  ncs: NcsCommand,
  env: Record<string, string>,
  options: { force: boolean; timeoutMs: number },
): Promise<ReloadAnswer> {
  // The reload waits at most max-wait-time (default 10 s) for open transactions; leave it the time given.
  const wait = Math.max(1, Math.floor(options.timeoutMs / 2000));
  const command = `packages reload max-wait-time ${wait}${options.force ? ' force' : ''}\n`;
  const run = await runCliScript(ncs, env, command, options.timeoutMs);
  if ('error' in run) return run;
  return { done: true };
}

/** How often `waitPackagesUp` asks again while a package waits for NSO's Java or Python VM. */
const ASK_EVERY_MS = 500;

/** Every package up, or the packages that are not (and whether waiting longer could have helped). */
export type PackagesUpResult =
  | { up: PackageStatus[] }
  | { notUp: PackageStatus[]; timedOut: boolean }
  | { error: string };

// Waits until every package's oper-status is up. A package that failed (program-code-error, file-load-error,
// ...) ends the wait at once; one still waiting for its VM is asked about again until the time is up.
export async function waitPackagesUp(
  ncs: NcsCommand,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<PackagesUpResult> {
  const deadline = Date.now() + timeoutMs;
  let last: PackageStatus[] = [];
  let failure: string | undefined;
  const settled = await waitUntil(
    async () => {
      const asked = await packageStatuses(ncs, env, Math.max(1000, deadline - Date.now()));
      if ('error' in asked) failure = asked.error;
      else last = asked.packages;
      return failure !== undefined || last.every((p) => !SETTLING_STATUSES.has(p.status));
    },
    timeoutMs,
    ASK_EVERY_MS,
  );
  if (failure !== undefined) return { error: failure };
  const notUp = last.filter((p) => p.status !== 'up');
  if (notUp.length === 0) return { up: last };
  return { notUp, timedOut: !settled };
}
