// Decides which `ncs` runs the instances: --sim/--ncs, the spec's ncs.command, $NCS_DIR/bin/ncs, ncs on PATH.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { findNcs, findOnPath, isExecutable } from './find-ncs.js';
import { SIM_UNSET_ENV, simBinPath } from './sim-bin-path.js';

/** How to invoke `ncs`: a file and the arguments that come before ncs's own. */
export interface NcsCommand {
  file: string;
  args: string[];
  /** True for the bundled simulator. */
  sim: boolean;
  /** What to show people: a path, or `nso-multi sim`. */
  display: string;
}

export const SIM_COMMAND = 'sim';

const ENV_PROGRAM = '/usr/bin/env';

// The simulator, run by this very Node.js so no PATH lookup is involved. Through env(1) where there is one:
// it drops what only slows Node.js's start (SIM_UNSET_ENV) and execs it, so the recorded pid stays the daemon's.
export function simCommand(): NcsCommand {
  const node = [process.execPath, simBinPath()];
  const viaEnv = existsSync(ENV_PROGRAM);
  return {
    file: viaEnv ? ENV_PROGRAM : process.execPath,
    args: viaEnv ? [...SIM_UNSET_ENV.flatMap((name) => ['-u', name]), ...node] : node.slice(1),
    sim: true,
    display: 'nso-multi sim',
  };
}

export interface ResolveNcsOptions {
  /** `--ncs PATH` or `--sim` (as `sim`) from the command line. */
  flag?: string;
  /** `ncs.command` from the spec (absolute path, command name or `sim`). */
  spec?: string;
  env?: NodeJS.ProcessEnv;
}

// Resolves the `ncs` to run; NCS_NOT_FOUND with a hint when there is none.
export async function resolveNcsCommand(options: ResolveNcsOptions): Promise<NcsCommand> {
  const env = options.env ?? process.env;
  const chosen = options.flag ?? options.spec;
  if (chosen === SIM_COMMAND) return simCommand();
  if (chosen !== undefined) {
    const file = chosen.includes('/') ? chosen : await findOnPath(chosen, env);
    if (file === undefined || !(await isExecutable(file))) {
      throw new NsoMultiError('NCS_NOT_FOUND', `ncs command ${chosen} not found or not executable`, {
        hint: options.flag ? 'check the --ncs path' : 'check `ncs.command` in the spec',
      });
    }
    return { file, args: [], sim: false, display: file };
  }
  const found = await findNcs(env);
  if (found === undefined) {
    throw new NsoMultiError('NCS_NOT_FOUND', 'no ncs found: NCS_DIR is not set and there is no ncs on PATH', {
      hint: 'source $NCS_DIR/ncsrc of your NSO installation, or use --sim to run the bundled simulator',
    });
  }
  return { file: found, args: [], sim: false, display: found };
}

// $NCS_DIR of the installation an `ncs` belongs to: the folder above its bin/.
export function installationDirOf(ncs: NcsCommand): string {
  return dirname(dirname(ncs.file));
}
