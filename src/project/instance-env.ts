// `env`: an instance's environment as the last render recorded it, read without loading the spec machinery.
import { createHash } from 'node:crypto';
import { NsoMultiError } from '../errors.js';
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import type { Notice } from '../notice.js';
import { readProjectState } from '../state/project-state.js';

export interface InstanceEnvOptions {
  name: string;
  config?: string;
  cwd?: string;
  /** Where news about the state file goes (a corrupt one rebuilt); default a process warning. */
  onNotice?: (notice: Notice) => void;
}

export interface InstanceEnvResult {
  env: Record<string, string>;
  unset: string[];
  /** True when the spec file changed after the last render: the env may be out of date. */
  stale: boolean;
  specFile: string;
}

// Reads the env of one rendered instance; NOT_RENDERED with a hint when render has not run for it.
export async function readInstanceEnv(options: InstanceEnvOptions): Promise<InstanceEnvResult> {
  const { specFile, specText, stateFile, state } = await readProjectState({
    ...options,
    isSimulator: isSimulatorCommand,
  });
  const entry = state?.instances[options.name];
  if (entry === undefined) {
    const known = Object.keys(state?.instances ?? {});
    throw new NsoMultiError('NOT_RENDERED', `instance ${options.name} has not been rendered (${stateFile})`, {
      hint:
        known.length > 0
          ? `rendered instances: ${known.join(', ')}; run \`nso-multi render\` after adding it to the spec`
          : 'run `nso-multi render` (or `nso-multi up`) first',
    });
  }
  const hash = createHash('sha256').update(specText).digest('hex');
  return { env: entry.env, unset: entry.unset ?? [], stale: hash !== state?.specHash, specFile };
}
