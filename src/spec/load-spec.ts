// Finds, reads and validates the spec: the one place that turns a spec file into a Spec or a list of problems.
import { isAbsolute, relative, resolve } from 'node:path';
import { NsoMultiError, type SpecProblem } from '../errors.js';
import type { Spec } from '../model.js';
import { bundledTemplatePath } from './bundled-template.js';
import { findSpecFile } from './find-spec-file.js';
import { folderProblem } from './folder-check.js';
import { contentsPathProblem } from './run-dir-contents-check.js';
import { dottedPath, type SpecPath } from './spec-path.js';
import { readGivenSource, type SpecSource } from './spec-source.js';
import { templateProblem } from './template-check.js';
import { templateHaModes, templateListenerFlags } from './template-listener-scan.js';
import { validateSpec } from './validate-spec.js';
import type { PlacedProblem, Position } from './yaml-locate.js';

export interface LoadSpecOptions {
  /** The spec file (-c), relative to `cwd`; searched from `cwd` upwards to the project root when not given. */
  config?: string;
  /** Where the search starts and `config` is resolved; default process.cwd(). */
  cwd?: string;
  /** Resolves a group name or gid, undefined when unknown; default: /etc/group, then getent. */
  lookupGroup?: (group: string | number) => Promise<unknown | undefined>;
  /** Whether NSO will run as root (mode "040" needs it); default: whether this process does. Seam for tests. */
  runsAsRoot?: () => boolean;
  /** Accept IPC on an address other than loopback without the access check (--allow-insecure-ipc). */
  allowInsecureIpc?: boolean;
  /** Also check that workdir and envDir can be written or created, and that `packages` and `cdbInit` exist
   * (render, up and plan do; down and status must work when a package folder is gone). */
  checkFolders?: boolean;
}

export interface LoadedSpec {
  spec: Spec;
  /** Position of a key of the spec (e.g. ['instances', 1, 'ports', 'ipc']); undefined for .js/.mjs specs. */
  locate(path: readonly (string | number)[]): Promise<Position | undefined>;
}

// Loads and validates the spec; throws SPEC_NOT_FOUND, or SPEC_INVALID listing every problem. Never writes.
export async function loadSpec(options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const source =
    options.config === undefined
      ? await searchSource(cwd)
      : await readGivenSource(resolve(cwd, options.config), options.config);
  const shownAs = shownPath(cwd, source.file);
  const problems: PlacedProblem[] = [...source.problems];
  if (source.usable) {
    // Imported when a group must be looked up: it brings node:child_process (getent), which most specs never need.
    const lookup =
      options.lookupGroup ??
      (async (group: string | number) => (await import('../host/groups.js')).lookupGroup(group));
    const validation = await validateSpec(source.data, {
      file: source.file,
      bundledTemplate: bundledTemplatePath(),
      allowInsecureIpc: options.allowInsecureIpc === true,
      checks: {
        groupExists: async (group) => (await lookup(group)) !== undefined,
        templateProblem,
        templateListeners: templateListenerFlags,
        templateHaModes,
        runsAsRoot: options.runsAsRoot ?? (() => process.geteuid?.() === 0),
        ...(options.checkFolders ? { folderProblem, contentsPathProblem } : {}),
      },
    });
    problems.push(...validation.problems);
    if (problems.length === 0 && validation.spec) return { spec: validation.spec, locate: source.locate };
  }
  const placed = (await Promise.all(problems.map((problem) => place(problem, source, shownAs)))).sort(
    byPosition,
  );
  throw new NsoMultiError(
    'SPEC_INVALID',
    `${placed.length} problem${placed.length === 1 ? '' : 's'} in ${shownAs}`,
    {
      problems: placed,
      hint: 'fix the problems listed; instances.example.yaml shows a valid spec',
    },
  );
}

// The light finder finds exactly what cosmiconfig's search would (test/spec/find-spec-file.test.ts); cosmiconfig
// itself is loaded only to import a .js/.mjs spec, so a YAML spec never pays for it.
async function searchSource(cwd: string): Promise<SpecSource> {
  const file = await findSpecFile(cwd);
  if (file === undefined) {
    throw new NsoMultiError(
      'SPEC_NOT_FOUND',
      `no nso-multi spec found in ${cwd} or its parents up to the project root`,
      {
        hint: 'create nso-multi.yaml (see instances.example.yaml), or pass -c FILE',
      },
    );
  }
  return readGivenSource(file, shownPath(cwd, file));
}

// Files inside cwd are shown relative to it, others absolute, so every message names a path that works from cwd.
function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

async function place(problem: PlacedProblem, source: SpecSource, file: string): Promise<SpecProblem> {
  const position: Position | undefined =
    problem.line === undefined
      ? ((await source.locate(problem.path)) ?? (source.positioned ? { line: 1, col: 1 } : undefined))
      : { line: problem.line, col: problem.col ?? 1 };
  const placed: SpecProblem = { file, path: dottedPath(problem.path as SpecPath), message: problem.message };
  if (position) Object.assign(placed, position);
  if (problem.fix !== undefined) placed.fix = problem.fix;
  return placed;
}

function byPosition(a: SpecProblem, b: SpecProblem): number {
  const far = Number.MAX_SAFE_INTEGER;
  return (a.line ?? far) - (b.line ?? far) || (a.col ?? far) - (b.col ?? far);
}
