// `env`: an instance's environment as the last render recorded it, read without loading the spec machinery.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { findSpecFile } from '../spec/find-spec-file.js';
import { readState } from '../state/state-file.js';
import { locateState } from './locate-state.js';

export interface InstanceEnvOptions {
  name: string;
  config?: string;
  cwd?: string;
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
  const cwd = options.cwd ?? process.cwd();
  const specFile = options.config ? resolve(cwd, options.config) : await findSpecFile(cwd);
  if (specFile === undefined) {
    throw new NsoMultiError('SPEC_NOT_FOUND', `no nso-multi spec found in ${cwd} or above`, {
      hint: 'create nso-multi.yaml (see instances.example.yaml) or pass -c FILE',
    });
  }
  let located: Awaited<ReturnType<typeof locateState>>;
  try {
    located = await locateState(specFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NsoMultiError(
      'SPEC_NOT_FOUND',
      `cannot read spec ${specFile}: ${code ?? (error as Error).message}`,
      {
        cause: error,
        hint: 'check the path given with -c',
      },
    );
  }
  const state = await readState(located.stateFile);
  const entry = state?.instances[options.name];
  if (entry === undefined) {
    const known = Object.keys(state?.instances ?? {});
    throw new NsoMultiError(
      'NOT_RENDERED',
      `instance ${options.name} has not been rendered (${located.stateFile})`,
      {
        hint:
          known.length > 0
            ? `rendered instances: ${known.join(', ')}; run \`nso-multi render\` after adding it to the spec`
            : 'run `nso-multi render` (or `nso-multi up`) first',
      },
    );
  }
  const hash = createHash('sha256').update(located.specText).digest('hex');
  return { env: entry.env, unset: entry.unset ?? [], stale: hash !== state?.specHash, specFile };
}
