// Works out which NSO version to render for: the spec's, else what `ncs --version` says, else 6.2.
import { defaultLeaseDir } from '../leases/lease-registry.js';
import { findNcs } from './find-ncs.js';
import { runBounded } from './run-bounded.js';
import { cachedVersion } from './version-cache.js';

export const FALLBACK_NSO_VERSION = '6.2';

/** How long `ncs --version` may take; a real NSO answers in about a second. */
const VERSION_TIMEOUT_MS = 10_000;

/** Extracts "6.2.5" from `ncs --version` output such as "6.2.5" or "6.4.1.2_240101". */
export function parseNsoVersion(output: string): string | undefined {
  return /(\d+\.\d+(?:\.\d+)*)/.exec(output.trim())?.[1];
}

// The version of the `ncs` an unqualified run would use (remembered per executable); undefined when there is
// none or it does not answer.
export async function detectNsoVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const ncs = await findNcs(env);
  return ncs === undefined ? undefined : askVersionCached(ncs, [], env);
}

// Asks a given ncs (file + leading args, e.g. the simulator) for its version, every time.
export async function askVersion(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const result = await runBounded(file, [...args, '--version'], { env, timeoutMs: VERSION_TIMEOUT_MS });
  return result.exitCode === 0 ? parseNsoVersion(result.stdout) : undefined;
}

// Like askVersion, but reuses the answer an unchanged executable gave before (cached in the lease folder).
export async function askVersionCached(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cacheDir: string = defaultLeaseDir(env),
): Promise<string | undefined> {
  return cachedVersion(file, args, env, cacheDir, () => askVersion(file, args, env));
}
