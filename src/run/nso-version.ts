// Works out which NSO version to render for: the spec's, else what `ncs --version` says, else 6.2.
import { findNcs } from './find-ncs.js';

export const FALLBACK_NSO_VERSION = '6.2';

/** Extracts "6.2.5" from `ncs --version` output such as "6.2.5" or "6.4.1.2_240101". */
export function parseNsoVersion(output: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)*)/.exec(output.trim())?.[1];
}

// Runs `ncs --version` when an ncs is installed; undefined when there is none or it does not answer.
export async function detectNsoVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const ncs = await findNcs(env);
  return ncs === undefined ? undefined : askVersion(ncs, [], env);
}

// Asks a given ncs (file + leading args, e.g. the simulator) for its version.
export async function askVersion(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const { execa } = await import('execa');
  const result = await execa(file, [...args, '--version'], {
    env,
    reject: false,
    timeout: 10_000,
    stdin: 'ignore',
  });
  return result.exitCode === 0 ? parseNsoVersion(String(result.stdout)) : undefined;
}
