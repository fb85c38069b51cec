// Finds and reads the NSO installation's own snmp_init.xml, which the instances' snmp_init.xml are made from:
// NSO's docs ask to customise that file (engine ID, communities, v3 users), so an instance should keep it.
import { readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Notice } from '../notice.js';
import { findOnPath, isExecutable } from './find-ncs.js';
import { SIM_COMMAND } from './ncs-command.js';

/** Where an installation keeps its snmp_init.xml, relative to its NCS_DIR. */
export const INSTALL_SNMP_INIT = join('etc', 'ncs', 'snmp', 'snmp_init.xml');

/** What happens when the installation's file cannot be used. */
export const GENERATED_INSTEAD =
  "SNMP instances get nso-multi's generated snmp_init.xml instead (the agent only, NSO's defaults for the rest)";

/** The installation's snmp_init.xml as read at render time. */
export interface InstallSnmpInit {
  file: string;
  text: string;
}

export interface InstallLookup {
  /** The environment render runs in; NCS_DIR there names the installation. */
  env?: NodeJS.ProcessEnv;
  /** The spec's `ncs.command` (absolute path, command name or `sim`). */
  ncsCommand?: string | undefined;
}

// `<dir>/bin/ncs` → `<dir>`; anything else is not an installation's ncs.
function installOf(ncsFile: string): string | undefined {
  const bin = dirname(ncsFile);
  return basename(ncsFile) === 'ncs' && basename(bin) === 'bin' ? dirname(bin) : undefined;
}

// The installation folders to look in: $NCS_DIR when set; else the one the spec's ncs.command lives in (as
// written, then with symlinks resolved, e.g. /usr/local/bin/ncs → /opt/nso/bin/ncs); never for the simulator.
export async function ncsInstallDirs(lookup: InstallLookup): Promise<string[]> {
  const env = lookup.env ?? process.env;
  if (env.NCS_DIR) return [resolve(env.NCS_DIR)];
  const command = lookup.ncsCommand;
  if (command === undefined || command === SIM_COMMAND) return [];
  const file = command.includes('/') ? command : await findOnPath(command, env);
  if (file === undefined || !(await isExecutable(file))) return [];
  const real = await realpath(file).catch(() => file);
  const dirs = [installOf(file), installOf(real)].filter((dir): dir is string => dir !== undefined);
  return [...new Set(dirs)];
}

// The installation's snmp_init.xml, or null when there is none (the generated file is used then). A file that
// exists but cannot be read gives null and a warning naming it.
export async function readInstallSnmpInit(
  lookup: InstallLookup,
): Promise<{ install: InstallSnmpInit | null; notices: Notice[] }> {
  for (const dir of await ncsInstallDirs(lookup)) {
    const file = join(dir, INSTALL_SNMP_INIT);
    try {
      return { install: { file, text: await readFile(file, 'utf8') }, notices: [] };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      const message = `cannot read ${file} (${code ?? String(error)}): ${GENERATED_INSTEAD}`;
      return { install: null, notices: [{ level: 'warning', message }] };
    }
  }
  return { install: null, notices: [] };
}
