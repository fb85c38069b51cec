// What an e2e test runs in a project folder is stopped afterwards, also when the test failed half-way.
import { join } from 'node:path';
import { isAlive, signalGroup } from '../../src/host/process-identity.js';
import { STATE_FILE_NAME } from '../../src/model.js';
import type { StateDocument } from '../../src/state/state-document.js';
import { readState } from '../../src/state/state-file.js';
import { runCli } from './cli.js';

export interface StopProjectOptions {
  /** `down --purge` instead of `down`. */
  purge?: boolean;
  /** Extra environment for the CLI, e.g. the test's own lease folder or NCS_DIR. */
  env?: NodeJS.ProcessEnv;
}

// SIGKILLs the process group of every daemon `state` records that still runs (one `down` could not stop).
export async function killRecordedDaemons(state: StateDocument | undefined): Promise<void> {
  for (const entry of Object.values(state?.instances ?? {})) {
    if (entry.runtime && (await isAlive(entry.runtime))) signalGroup(entry.runtime.pid, 'SIGKILL');
  }
}

// Runs `down` (or `down --purge`) in the project at `path` (workdir .nso-multi), then kills what survived it.
export async function stopProject(path: string, options: StopProjectOptions = {}): Promise<void> {
  // Read before `down`: a purge removes the state file, and with it the record of the daemons.
  const state = await readState(join(path, '.nso-multi', STATE_FILE_NAME)).catch(() => undefined);
  await runCli(options.purge ? ['down', '--purge'] : ['down'], path, options.env);
  await killRecordedDaemons(state);
}

// Stops the project in a test's temp folder and removes the folder.
export async function cleanUpProject(
  dir: { path: string; remove: () => Promise<void> },
  options: StopProjectOptions = {},
): Promise<void> {
  await stopProject(dir.path, options);
  await dir.remove();
}
