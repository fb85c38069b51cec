// The `folders` check: render can write the workdir and the envDir, or create them. Judged with access(2)
// only: doctor never writes a probe file into the user's folders.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Spec } from '../../model.js';
import { type CheckOutcome, outcome } from './doctor-report.js';

const WRITE = constants.W_OK | constants.X_OK;

interface FolderVerdict {
  ok: boolean;
  detail: string;
  fix?: string;
}

async function statOrCode(path: string): Promise<{ isDirectory: boolean } | string> {
  try {
    return { isDirectory: (await stat(path)).isDirectory() };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

async function writable(path: string): Promise<boolean> {
  return access(path, WRITE).then(
    () => true,
    () => false,
  );
}

// Judges one folder: it exists and is writable, or its nearest existing parent is, so it can be created.
export async function judgeFolder(key: string, path: string): Promise<FolderVerdict> {
  const elsewhere = `or set \`${key}\` in the spec to a folder you can write`;
  let target = path;
  let found = await statOrCode(target);
  // Walk up to the nearest thing that exists; ENOTDIR means a file stands where a folder should be.
  while ((found === 'ENOENT' || found === 'ENOTDIR') && dirname(target) !== target) {
    target = dirname(target);
    found = await statOrCode(target);
  }
  const creates = target !== path;
  if (typeof found === 'string') {
    return { ok: false, detail: `${key} ${path}: cannot look at ${target} (${found})`, fix: elsewhere };
  }
  if (!found.isDirectory) {
    return {
      ok: false,
      detail: `${key} ${path}: ${target} is not a folder`,
      fix: `move ${target} away, ${elsewhere}`,
    };
  }
  if (!(await writable(target))) {
    const what = creates ? `does not exist and ${target} is not writable` : 'is not writable';
    return { ok: false, detail: `${key} ${path} ${what}`, fix: `chmod u+wx ${target}, ${elsewhere}` };
  }
  return { ok: true, detail: creates ? `${key} ${path} (will be created)` : `${key} ${path}` };
}

// Checks the spec's workdir and envDir (once when they are the same folder).
export async function checkFolders(spec: Spec): Promise<CheckOutcome> {
  const folders: [string, string][] = [['workdir', spec.workdir]];
  if (spec.envDir !== spec.workdir) folders.push(['envDir', spec.envDir]);
  const verdicts = await Promise.all(folders.map(([key, path]) => judgeFolder(key, path)));
  const failed = verdicts.filter((v) => !v.ok);
  if (failed.length === 0) return outcome('ok', `${verdicts.map((v) => v.detail).join(', ')}: writable`);
  return outcome('fail', failed.map((v) => v.detail).join('\n'), failed.map((v) => v.fix).join('; '));
}
