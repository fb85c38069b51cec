// Remembers what `ncs --version` answered, per executable, so `up` does not start one more process (a slow one
// for a real NSO) every time. An answer is reused only while the executable, the files among its leading
// arguments and the NCS_* / NSO_* environment are exactly as they were: a changed binary is asked again.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** The cache's file name inside the per-user lease folder. */
export const VERSION_CACHE_FILE = 'ncs-versions.json';
/** Entries kept; the oldest go first. */
const MAX_ENTRIES = 32;

interface CacheEntry {
  version: string;
  /** When it was asked (ISO time), to drop the oldest entries first. */
  at: string;
}

interface CacheDocument {
  version: 1;
  entries: Record<string, CacheEntry>;
}

// What identifies one file's content without reading it; changes with any rewrite, replacement or rename.
async function fingerprint(path: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    const s = await stat(real, { bigint: true });
    if (!s.isFile()) return undefined;
    return [real, s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
  } catch {
    return undefined;
  }
}

// The cache key of `file args --version` under `env`; undefined when the executable cannot be identified.
export async function versionCacheKey(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const executable = await fingerprint(file);
  if (executable === undefined) return undefined;
  const parts = [executable];
  for (const arg of args) {
    // An argument naming a file (the simulator's script) counts with its content, like the executable.
    parts.push(isAbsolute(arg) ? ((await fingerprint(arg)) ?? `arg:${arg}`) : `arg:${arg}`);
  }
  const family = Object.keys(env)
    .filter((name) => /^(NCS|NSO)_/.test(name))
    .sort()
    .map((name) => `env:${name}=${env[name]}`);
  return createHash('sha256')
    .update([...parts, ...family].join('\0'))
    .digest('hex');
}

// The folder must be this user's own real folder, and the file a regular file of this user: nobody else's
// answer is believed.
async function isOwn(path: string, kind: 'dir' | 'file'): Promise<boolean> {
  try {
    const s = await lstat(path);
    const uid = process.getuid?.();
    return (kind === 'dir' ? s.isDirectory() : s.isFile()) && (uid === undefined || s.uid === uid);
  } catch {
    return false;
  }
}

async function readDocument(dir: string): Promise<CacheDocument | undefined> {
  const file = join(dir, VERSION_CACHE_FILE);
  if (!(await isOwn(dir, 'dir')) || !(await isOwn(file, 'file'))) return undefined;
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as CacheDocument;
    if (doc?.version !== 1 || typeof doc.entries !== 'object' || doc.entries === null) return undefined;
    return doc;
  } catch {
    // A corrupt cache is as good as none: it is rewritten with the next answer.
    return undefined;
  }
}

// The remembered answer for `key`, or undefined.
export async function readCachedVersion(dir: string, key: string): Promise<string | undefined> {
  const entry = (await readDocument(dir))?.entries[key];
  return typeof entry?.version === 'string' && entry.version !== '' ? entry.version : undefined;
}

// Records an answer, replacing the file atomically. Written only into an existing folder of this user (the
// lease folder, which `render` creates): asking a version must not create folders. Failures are ignored.
export async function writeCachedVersion(dir: string, key: string, version: string): Promise<void> {
  if (!(await isOwn(dir, 'dir'))) return;
  const entries = { ...(await readDocument(dir))?.entries, [key]: { version, at: new Date().toISOString() } };
  const kept = Object.entries(entries)
    .sort(([, a], [, b]) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, MAX_ENTRIES);
  const doc: CacheDocument = { version: 1, entries: Object.fromEntries(kept) };
  const file = join(dir, VERSION_CACHE_FILE);
  const temp = join(dir, `.${VERSION_CACHE_FILE}.${process.pid}.${Date.now()}.tmp`);
  try {
    const flags = constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_WRONLY;
    const handle = await open(temp, flags, 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(doc, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch {
    await unlink(temp).catch(() => undefined);
  }
}

// The version `ask` gives for `file args`, from the cache when the executable is unchanged.
export async function cachedVersion(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  dir: string,
  ask: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const key = await versionCacheKey(file, args, env);
  if (key === undefined) return ask();
  const cached = await readCachedVersion(dir, key);
  if (cached !== undefined) return cached;
  const version = await ask();
  if (version !== undefined) await writeCachedVersion(dir, key, version);
  return version;
}
