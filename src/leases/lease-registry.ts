// The host-wide lease registry: one JSON file per user, changed only under the host lock, written atomically.
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { writeFileAtomic } from '../host/atomic-file.js';
import { withHostLock } from '../host/host-lock.js';
import { isAlive } from '../host/process-identity.js';
import { readState } from '../state/state-file.js';
import type { Lease, LeaseDocument } from './lease.js';
import type { VerdictSources } from './lease-verdict.js';

/** Where the registry lives: NSO_MULTI_LEASE_DIR, else $XDG_RUNTIME_DIR/nso-multi, else /tmp/nso-multi-<uid>. */
export function defaultLeaseDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NSO_MULTI_LEASE_DIR) return env.NSO_MULTI_LEASE_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'nso-multi');
  return join(tmpdir(), `nso-multi-${userInfo().uid}`);
}

export interface LeaseRegistry {
  dir: string;
  file: string;
  /** Reads the leases without locking (for reports and plans that write nothing). */
  read(): Promise<Lease[]>;
  /** Runs `change` under the host lock with the current leases; writes what it returns. */
  update<T>(change: (leases: Lease[]) => Promise<{ leases: Lease[]; result: T }>): Promise<T>;
}

// The registry folder must be ours alone: created 0700, never a symlink, never another user's.
async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory() || info.isSymbolicLink() || (process.getuid && info.uid !== process.getuid())) {
    throw new NsoMultiError(
      'UNSAFE_PATH',
      `lease registry folder ${dir} is not a private folder of this user`,
      {
        hint: 'remove it, or point NSO_MULTI_LEASE_DIR at a folder of your own',
      },
    );
  }
}

async function readLeases(file: string): Promise<Lease[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new NsoMultiError('IO', `cannot read lease registry ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const doc = JSON.parse(text) as LeaseDocument;
    if (doc.version !== 1 || !Array.isArray(doc.leases)) throw new Error('unknown format');
    return doc.leases.filter((l) => Number.isInteger(l.port) && typeof l.project === 'string');
  } catch (error) {
    // The registry only caches what project states also record; a corrupt one is rebuilt as leases are taken.
    process.emitWarning(
      `nso-multi: lease registry ${file} is unreadable (${(error as Error).message}); starting afresh`,
    );
    return [];
  }
}

// Opens the registry in `dir` (default: defaultLeaseDir()).
export function openLeaseRegistry(dir = defaultLeaseDir()): LeaseRegistry {
  const file = join(dir, 'leases.json');
  const uid = process.getuid?.() ?? 0;
  const name = `nso-multi-leases-${uid}-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`;
  return {
    dir,
    file,
    read: () => readLeases(file),
    async update(change) {
      await ensurePrivateDir(dir);
      return withHostLock({ name, dir }, async () => {
        const { leases, result } = await change(await readLeases(file));
        const doc: LeaseDocument = { version: 1, leases: [...leases].sort((a, b) => a.port - b.port) };
        // Atomic, not durable (no fsync): leases guard against other runs of this boot only, and the registry
        // lives in $XDG_RUNTIME_DIR or /tmp, which systems empty at boot (tmpfs, systemd-tmpfiles). A file torn
        // by a power loss where /tmp survives is read as empty, with a warning (readLeases).
        await writeFileAtomic(file, `${JSON.stringify(doc, null, 1)}\n`, { mode: 0o600, sync: false });
        return result;
      });
    },
  };
}

/** The real sources of a lease verdict: the process table and the projects' state files. */
export const hostVerdictSources: VerdictSources = {
  isAlive,
  projectState: (file) => readState(file).catch(() => undefined),
};
