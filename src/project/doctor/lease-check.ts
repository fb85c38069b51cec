// The `lease registry` check: the host-wide registry is a private folder and readable, and how many of its
// leases are stale (their owner, daemon and assignment are all gone), which `gc` would free.
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { Lease } from '../../leases/lease.js';
import { hostVerdictSources, openLeaseRegistry } from '../../leases/lease-registry.js';
import { cachedSources, leaseVerdict, type VerdictSources } from '../../leases/lease-verdict.js';
import { type CheckOutcome, outcome } from './doctor-report.js';

const SHOWN_STALE = 5;

// The registry folder must be a folder of this user only, as the registry itself insists before writing.
async function privacyProblem(dir: string): Promise<string | undefined | 'absent'> {
  let info: Stats;
  try {
    info = await lstat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    return `cannot look at ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (info.isSymbolicLink()) return `${dir} is a symlink`;
  if (!info.isDirectory()) return `${dir} is not a folder`;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `${dir} belongs to uid ${info.uid}, not to you (${uid})`;
  return undefined;
}

function describeLease(lease: Lease): string {
  return `${lease.port} (${lease.instance}/${lease.key} of ${lease.project})`;
}

// Counts the leases and the stale ones; `sources` is a seam for tests (default: the process table and states).
export async function checkLeases(
  dir: string,
  sources: VerdictSources = hostVerdictSources,
): Promise<CheckOutcome> {
  const problem = await privacyProblem(dir);
  if (problem === 'absent') return outcome('ok', `no leases yet (${dir} does not exist)`);
  if (problem !== undefined) {
    return outcome(
      'fail',
      `lease registry folder ${problem}`,
      'remove it, or point NSO_MULTI_LEASE_DIR at a folder of your own',
    );
  }
  const registry = openLeaseRegistry(dir);
  const leases = await registry.read();
  const cached = cachedSources(sources);
  const verdicts = await Promise.all(leases.map((lease) => leaseVerdict(lease, cached)));
  const stale = leases.filter((_, i) => verdicts[i] === 'stale');
  const counted = `${leases.length} lease${leases.length === 1 ? '' : 's'} in ${registry.file}`;
  if (stale.length === 0) return outcome('ok', `${counted}, none stale`);
  const shown = stale.slice(0, SHOWN_STALE).map(describeLease);
  if (stale.length > SHOWN_STALE) shown.push(`and ${stale.length - SHOWN_STALE} more`);
  return outcome(
    'warn',
    `${counted}, ${stale.length} stale: ${shown.join(', ')}`,
    '`nso-multi gc` frees them',
  );
}
