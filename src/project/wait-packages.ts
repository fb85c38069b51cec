// `up --wait-packages`: an instance is ready once every package's oper-status is up. What is not up after the
// daemon started is the start's failure, naming each package and NSO's reason.
import { instanceLogFile } from '../ncs/error-log.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import { logLinesMatching } from '../ncs/log-tail.js';
import type { NcsCommand } from '../ncs/ncs-command.js';
import { waitPackagesUp } from '../ncs/packages.js';
import { describePackageStatus } from '../nso/package-status.js';
import type { InstanceState } from '../state/state-document.js';

/** Every package up (how many), or why the instance is not ready, with what NSO's Java VM logged of it. */
export type PackagesReady = { packages: number } | { reason: string; log: string[] };

// Waits at most `timeoutMs` for the instance's packages to come up.
export async function packagesReady(
  entry: InstanceState,
  ncs: NcsCommand,
  baseEnv: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<PackagesReady> {
  const result = await waitPackagesUp(ncs, instanceProcessEnv(baseEnv, entry), timeoutMs);
  if ('up' in result) return { packages: result.up.length };
  if ('error' in result) return { reason: `its packages could not be read: ${result.error}`, log: [] };
  const late = result.timedOut ? ` (after waiting ${Math.round(timeoutMs / 1000)} s)` : '';
  const which = result.notUp.map((p) => `package ${describePackageStatus(p)}`).join('; ');
  // A Java component that fails to load leaves its exception in the VM's log, not in ncs.log.
  const java = result.notUp.some(
    (p) => p.status === 'program-code-error' || p.status === 'java-uninitialized',
  );
  const log = java
    ? await logLinesMatching(await instanceLogFile(entry.ncsConf, entry.runDir, 'java'), JAVA_ERROR, 4)
    : [];
  return { reason: `${which}${late}`, log };
}

/** The Java VM log's lines that say what failed: its ERROR entries and the exceptions' causes. */
const JAVA_ERROR = /^<ERROR>|^Caused by:/;
