// Finds the `ncs` command without running it: $NCS_DIR/bin/ncs, then `ncs` on PATH.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

// True when the file exists and this user may run it.
export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// The first executable called `name` on PATH, or undefined.
export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

// The path of the `ncs` an unqualified run would use, or undefined when there is none.
export async function findNcs(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.NCS_DIR) {
    const candidate = join(env.NCS_DIR, 'bin', 'ncs');
    if (await isExecutable(candidate)) return candidate;
  }
  return findOnPath('ncs', env);
}
