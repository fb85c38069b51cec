// Which version of an IPC secret file a daemon started with: its inode, size and modification time (from
// lstat; the secret is never read). NSO reads the file once at start, so a later change locks clients out.
import { lstat } from 'node:fs/promises';

export interface SecretStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

// The stamp of the file at `path`; null when there is none; undefined when it cannot be looked at.
export async function readSecretStamp(path: string): Promise<SecretStamp | null | undefined> {
  try {
    const info = await lstat(path);
    return { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}

// Whether two stamps name the same file in the same state.
export function sameSecretStamp(a: SecretStamp, b: SecretStamp): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
