// Checks that render can write a folder, or create it, with access(2) only: loading a spec never writes.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FolderProblem } from './rules/rule.js';

async function kindOf(path: string): Promise<'folder' | 'file' | 'missing' | string> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : (code ?? String(error));
  }
}

// Returns why `dir` cannot be written (or created from its nearest existing parent), or undefined.
export async function folderProblem(dir: string): Promise<FolderProblem | undefined> {
  let target = dir;
  let kind = await kindOf(target);
  while (kind === 'missing' && dirname(target) !== target) {
    target = dirname(target);
    kind = await kindOf(target);
  }
  const creates = target !== dir;
  if (kind === 'file') {
    return creates
      ? { message: `cannot be created: ${target} is a file`, fix: `move the file ${target} away` }
      : { message: 'is a file, not a folder', fix: 'move the file away' };
  }
  if (kind !== 'folder') {
    return {
      message: `cannot be checked: ${target} gives ${kind}`,
      fix: `check the permissions of ${target}`,
    };
  }
  try {
    await access(target, constants.W_OK | constants.X_OK);
    return undefined;
  } catch {
    return creates
      ? { message: `cannot be created: ${target} is not writable`, fix: `make ${target} writable` }
      : { message: 'is not writable', fix: `make it writable (chmod u+wx ${dir})` };
  }
}
