// Every file and folder under a folder with its bytes and mode: to prove that a failed run changed nothing.
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

// path (relative) → 'dir 0755' | 'link → target' | 'file 0644 <base64 of the bytes>'.
export async function treeSnapshot(root: string, skip: (path: string) => boolean = () => false) {
  const out: Record<string, string> = {};
  for (const entry of (await readdir(root, { recursive: true })).sort()) {
    if (skip(entry)) continue;
    const path = join(root, entry);
    const stats = await lstat(path);
    const mode = (stats.mode & 0o7777).toString(8).padStart(4, '0');
    if (stats.isDirectory()) out[entry] = `dir ${mode}`;
    else if (stats.isSymbolicLink()) out[entry] = `link → ${await readlink(path)}`;
    else out[entry] = `file ${mode} ${(await readFile(path)).toString('base64')}`;
  }
  return out;
}
