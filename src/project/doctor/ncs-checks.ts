// The `ncs` and `NCS_DIR` checks: which ncs `up` would run and what version it reports, and whether the
// NSO installation's environment (what ncsrc sets) is in place.
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { findOnPath } from '../../ncs/find-ncs.js';
import { resolveNcsCommand, SIM_COMMAND } from '../../ncs/ncs-command.js';
import { askVersion } from '../../ncs/nso-version.js';
import { type CheckOutcome, outcome } from './doctor-report.js';

export interface NcsChoice {
  /** `--ncs PATH`, or `sim` for --sim. */
  flag?: string;
  /** The spec's ncs.command, when the spec loaded. */
  spec?: string;
  env: NodeJS.ProcessEnv;
}

const SOURCE_NCSRC = 'source $NCS_DIR/ncsrc of your NSO installation, or use --sim for the bundled simulator';

// Resolves the ncs the way `up` does and asks it for its version; a failure carries resolveNcsCommand's hint.
export async function checkNcs(choice: NcsChoice): Promise<CheckOutcome> {
  const ncs = await resolveNcsCommand(choice);
  const version = await askVersion(ncs.file, ncs.args, choice.env);
  if (version === undefined) {
    return outcome(
      'warn',
      `${ncs.display} (\`ncs --version\` gave no version)`,
      `run \`${ncs.display} --version\` to see why; a broken installation will not start either`,
    );
  }
  return outcome('ok', `${ncs.display} (${version})`);
}

// The real path of `path`, or `path` itself when it cannot be resolved.
const real = (path: string) => realpath(path).catch(() => path);

// An installation in NCS_DIR: the ncs `up` runs and the clients on PATH (ncs_cli, ncs_cmd, what `exec` and the
// env files rely on) must come from it, as `. $NCS_DIR/ncsrc` arranges.
async function matchesNcs(dir: string, choice: NcsChoice): Promise<CheckOutcome> {
  const home = await real(dir);
  const within = async (file: string) => (await real(file)).startsWith(`${home}/`);
  const ncs = await resolveNcsCommand(choice).catch(() => undefined);
  if (ncs !== undefined && !(await within(ncs.file))) {
    return outcome(
      'warn',
      `${dir}, but \`up\` runs ${ncs.display}, which is not this installation's`,
      'use one installation: source its ncsrc, and drop --ncs or `ncs.command` unless they name its bin/ncs',
    );
  }
  const cli = await findOnPath('ncs_cli', choice.env);
  if (cli === undefined || !(await within(cli))) {
    const found = cli === undefined ? 'no ncs_cli on PATH' : `ncs_cli on PATH is ${cli}`;
    return outcome(
      'warn',
      `${dir} (bin/ncs found), but ${found}: the clients come from elsewhere`,
      `source ${join(dir, 'ncsrc')}, which puts $NCS_DIR/bin first on PATH`,
    );
  }
  return outcome('ok', `${dir} (bin/ncs found; ncs and the clients on PATH are its own)`);
}

async function hasExecutableNcs(dir: string): Promise<boolean> {
  return access(join(dir, 'bin', 'ncs'), constants.X_OK).then(
    () => true,
    () => false,
  );
}

// NCS_DIR matters to a real NSO (its ncs.conf, libraries and tools live there), never to the simulator.
export async function checkNcsDir(choice: NcsChoice): Promise<CheckOutcome> {
  const sim = (choice.flag ?? choice.spec) === SIM_COMMAND;
  const dir = choice.env.NCS_DIR;
  if (dir) {
    if (await hasExecutableNcs(dir))
      return sim ? outcome('ok', `${dir} (bin/ncs found)`) : matchesNcs(dir, choice);
    const detail = `${dir} has no executable bin/ncs`;
    const fix = `point NCS_DIR at your NSO installation: ${SOURCE_NCSRC.replace('$NCS_DIR', '<install dir>')}`;
    return sim
      ? outcome('warn', `${detail} (not needed for the simulator)`, fix)
      : outcome('fail', detail, fix);
  }
  if (sim) return outcome('ok', 'not set (not needed for the simulator)');
  const chosen = choice.flag ?? choice.spec;
  const where = chosen === undefined ? await findOnPath('ncs', choice.env) : chosen;
  if (where !== undefined) {
    const how = chosen === undefined ? 'ncs is on PATH at' : 'ncs is chosen as';
    return outcome(
      'warn',
      `not set, but ${how} ${where}`,
      'source the ncsrc of that installation, so NCS_DIR, PATH and LD_LIBRARY_PATH match it',
    );
  }
  // The ncs check fails for the same cause; one failure is enough.
  return outcome('warn', 'not set, and there is no ncs on PATH either (see ncs)', SOURCE_NCSRC);
}
