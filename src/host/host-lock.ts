// A host-wide mutex for the lease registry. On Linux it is a listening socket in the abstract Unix namespace:
// binding the name is atomic, and the kernel releases it the moment the holder dies, however it dies (even
// SIGKILL), so there is never a stale lock to detect or break — the same idea as consul's freeport, which
// holds a listening socket as its lock (lessons.md §2). Elsewhere a lock folder with the holder's pid is used.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { NsoMultiError } from '../errors.js';
import { pidExists } from './process-identity.js';

export interface HostLockOptions {
  /** Unique per user and registry, e.g. `nso-multi-leases-<uid>-<hash of dir>`. */
  name: string;
  /** Folder for the fallback lock (non-Linux). */
  dir: string;
  timeoutMs?: number;
  /** What the lock guards, for the timeout's message; default the lease registry. */
  what?: string;
  /** What to do about a timeout; default the lease registry's hint. */
  hint?: string;
}

function listenAbstract(name: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen(`\0${name}`, () => {
      server.unref();
      resolve(server);
    });
  });
}

async function lockFolder(dir: string): Promise<(() => Promise<void>) | undefined> {
  const path = join(dir, 'registry.lock');
  try {
    await mkdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(await readFile(join(path, 'pid'), 'utf8').catch(() => 'NaN'));
    const alive = Number.isInteger(owner) && owner > 1 && pidExists(owner);
    if (!alive) await rm(path, { recursive: true, force: true });
    return undefined;
  }
  await writeFile(join(path, 'pid'), String(process.pid));
  return () => rm(path, { recursive: true, force: true });
}

// Runs `fn` while holding the lock; waits (bounded) while another process holds it.
export async function withHostLock<T>(options: HostLockOptions, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (let attempt = 0; ; attempt++) {
    let release: (() => Promise<void>) | undefined;
    if (process.platform === 'linux') {
      const server = await listenAbstract(options.name);
      if (server) release = () => new Promise((done) => server.close(() => done()));
    } else {
      release = await lockFolder(options.dir);
    }
    if (release) {
      try {
        return await fn();
      } finally {
        await release();
      }
    }
    if (Date.now() >= deadline) {
      throw new NsoMultiError(
        'LOCK_TIMEOUT',
        `${options.what ?? `the nso-multi lease registry in ${options.dir}`} stayed locked`,
        {
          hint:
            options.hint ??
            'another nso-multi run holds it; wait for it to finish (`nso-multi doctor` shows the registry)',
        },
      );
    }
    await delay(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) + Math.random() * 10);
  }
}
