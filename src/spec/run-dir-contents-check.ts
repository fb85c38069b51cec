// Checks a `packages` folder or `cdbInit` file the way render will use it; reads only, never writes.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FolderProblem } from './rules/rule.js';

const FIX_PATH = "fix the path (it is relative to the spec's folder)";

// What stat says about `path`, as a problem, or the stats.
async function statOrProblem(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { message: 'does not exist', fix: FIX_PATH };
    return { message: `cannot be checked (${code ?? String(error)})`, fix: 'check its permissions' };
  }
}

// Returns why `path` cannot be used as a package folder (kind 'package'), a NED package with a netsim folder
// (kind 'ned') or a CDB init file, or undefined.
export async function contentsPathProblem(
  path: string,
  kind: 'package' | 'cdbInit' | 'ned',
): Promise<FolderProblem | undefined> {
  const stats = await statOrProblem(path);
  if ('message' in stats) return stats;
  if (kind === 'cdbInit') {
    if (stats.isDirectory()) return { message: 'is a folder, not a file', fix: 'name an XML file' };
    if (!stats.isFile()) return { message: 'is not a regular file', fix: 'name an XML file' };
    return readable(path, constants.R_OK);
  }
  if (!stats.isDirectory()) {
    return {
      message: 'is not a folder',
      fix: 'name the package folder (the one with package-meta-data.xml)',
    };
  }
  const meta = await stat(join(path, 'package-meta-data.xml')).catch(() => undefined);
  if (meta?.isFile() !== true) {
    return {
      message: 'holds no package-meta-data.xml, so it is not an NSO package',
      fix: 'name the package folder itself (the one with package-meta-data.xml)',
    };
  }
  if (kind === 'ned' && (await stat(join(path, 'netsim')).catch(() => undefined))?.isDirectory() !== true) {
    return {
      message: 'has no netsim folder, so ncs-netsim cannot simulate its devices',
      fix: 'name a NED package built with its netsim folder (e.g. $NCS_DIR/packages/neds/<ned>)',
    };
  }
  return readable(path, constants.R_OK | constants.X_OK);
}

async function readable(path: string, mode: number): Promise<FolderProblem | undefined> {
  try {
    await access(path, mode);
    return undefined;
  } catch {
    return { message: 'is not readable', fix: `make it readable (chmod u+r ${path})` };
  }
}
