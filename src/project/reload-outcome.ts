// What `reload` reports while it works and how each instance came out; the failure it throws is made here.
import { NsoMultiError } from '../errors.js';
import type { Notice } from '../notice.js';
import { describePackageStatus, type PackageStatus } from '../nso/package-status.js';
import type { PackageBuild } from './build-packages.js';

/** One instance's reload. */
export interface ReloadOutcome {
  instance: string;
  /** `replicated`: an HA Raft follower that got its leader's packages. */
  result: 'reloaded' | 'replicated' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  reason?: string;
  /** Every package's oper-status after the reload, when NSO carried it out. */
  packages?: PackageStatus[];
  /** The leader a follower got its packages from. */
  leader?: string;
  /** Reloaded with `force` (a package was removed, or it was asked for). */
  force?: boolean;
  ms?: number;
}

export type ReloadEvent =
  | { type: 'build'; build: PackageBuild | { folder: string; result: 'building' } }
  | { type: 'rendered'; notices: Notice[] }
  /** `removed`: packages the spec dropped, whose data NSO deletes; `followers`: HA Raft nodes served by it. */
  | { type: 'reloading'; instance: string; force: boolean; removed: string[]; followers: string[] }
  | { type: 'reloaded'; outcome: ReloadOutcome };

// The packages of an outcome that are not up.
export function packagesNotUp(outcome: ReloadOutcome): PackageStatus[] {
  return (outcome.packages ?? []).filter((p) => p.status !== 'up');
}

// RELOAD_FAILED naming every instance that failed and every package that is not up; undefined when all is well.
export function reloadFailure(outcomes: readonly ReloadOutcome[]): NsoMultiError | undefined {
  const lines = outcomes.flatMap((o) => {
    if (o.result === 'failed') return [`${o.instance}: ${o.reason ?? 'failed'}`];
    return packagesNotUp(o).map((p) => `${o.instance}: package ${describePackageStatus(p)}`);
  });
  if (lines.length === 0) return undefined;
  return new NsoMultiError(
    'RELOAD_FAILED',
    `packages reload failed:\n${lines.map((l) => `  ${l}`).join('\n')}`,
    {
      hint: 'fix the package, then `nso-multi reload` again; `nso-multi logs NAME` shows what NSO logged',
    },
  );
}
