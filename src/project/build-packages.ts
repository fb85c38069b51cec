// `reload --build`: runs `make -C <package>/src` once per package folder the instances use (a package shared by
// several instances is built once), several at a time, before the packages are put in place and reloaded.
import { access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import type { Spec } from '../model.js';
import { runBounded } from '../ncs/run-bounded.js';
import { forEachLimited } from './limit-concurrency.js';

/** How long one package's build may take. */
const BUILD_TIMEOUT_MS = 15 * 60_000;
/** The lines of a failed build's output an error shows. */
const SHOWN_LINES = 40;

/** One package folder's build. */
export interface PackageBuild {
  /** The package folder, absolute. */
  folder: string;
  result: 'built' | 'failed' | 'no-makefile';
  ms: number;
  /** What make printed (stdout and stderr), when it failed. */
  output?: string;
  exitCode?: number;
}

// The package folders of the named instances, each once, in spec order.
export function packageFolders(spec: Spec, names: readonly string[]): string[] {
  const folders = spec.instances.filter((i) => names.includes(i.name)).flatMap((i) => i.packages ?? []);
  return [...new Set(folders)];
}

// Builds every folder that has src/Makefile and resolves with each build; throws BUILD_FAILED naming the
// packages whose build failed, with the end of their output.
export async function buildPackages(
  folders: readonly string[],
  env: NodeJS.ProcessEnv,
  onBuild: (build: PackageBuild | { folder: string; result: 'building' }) => void = () => {},
): Promise<PackageBuild[]> {
  const builds: PackageBuild[] = [];
  await forEachLimited(folders, availableParallelism(), async (folder) => {
    const began = Date.now();
    const src = join(folder, 'src');
    if (!(await exists(join(src, 'Makefile')))) {
      const build: PackageBuild = { folder, result: 'no-makefile', ms: 0 };
      builds.push(build);
      onBuild(build);
      return;
    }
    onBuild({ folder, result: 'building' });
    const run = await runBounded('make', ['-C', src], { env, timeoutMs: BUILD_TIMEOUT_MS });
    const failed = run.exitCode !== 0;
    const build: PackageBuild = {
      folder,
      result: failed ? 'failed' : 'built',
      ms: Date.now() - began,
      ...(failed ? { output: buildFailure(run) } : {}),
      ...(run.exitCode === undefined ? {} : { exitCode: run.exitCode }),
    };
    builds.push(build);
    onBuild(build);
  });
  const failed = builds.filter((b) => b.result === 'failed');
  if (failed.length > 0) {
    const text = failed
      .map(
        (b) =>
          `${b.folder}: make -C src failed${b.exitCode === undefined ? '' : ` (exit ${b.exitCode})`}:\n${b.output}`,
      )
      .join('\n');
    throw new NsoMultiError('BUILD_FAILED', `the build of ${failed.length} package(s) failed\n${text}`, {
      hint: 'fix the package and run `nso-multi reload --build` again; nothing was reloaded',
    });
  }
  return folders.map((f) => builds.find((b) => b.folder === f)!);
}

function buildFailure(run: Awaited<ReturnType<typeof runBounded>>): string {
  if (run.spawnError) return `  cannot run make: ${run.spawnError.message}`;
  const lines = run.output.split('\n');
  const shown = lines.slice(-SHOWN_LINES).map((l) => `  ${l}`);
  const cut = lines.length > SHOWN_LINES ? [`  … (${lines.length - SHOWN_LINES} lines before)`] : [];
  const late = run.timedOut ? [`  (stopped after ${BUILD_TIMEOUT_MS / 60_000} minutes)`] : [];
  return [...cut, ...shown, ...late].join('\n');
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
