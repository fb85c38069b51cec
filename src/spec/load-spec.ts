// Finds, reads and validates the spec: the one place that turns a spec file into a Spec or a list of problems.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { NsoMultiError, type SpecProblem } from '../errors.js';
import { lookupGroup as hostLookupGroup } from '../host/groups.js';
import type { Spec } from '../model.js';
import { bundledTemplatePath } from './bundled-template.js';
import type { SpecChecks } from './rules/rule.js';
import { isModuleSpecFile } from './search-places.js';
import { specExplorer } from './spec-explorer.js';
import { dottedPath, type SpecPath } from './spec-path.js';
import {
  moduleLoadFailure,
  moduleSource,
  readGivenSource,
  readTextSource,
  type SpecSource,
} from './spec-source.js';
import { validateSpec } from './validate-spec.js';
import type { Position } from './yaml-locate.js';
import type { PlacedProblem } from './yaml-source.js';

export interface LoadSpecOptions {
  /** The spec file (-c), relative to `cwd`; searched from `cwd` upwards to the project root when not given. */
  config?: string;
  /** Where the search starts and `config` is resolved; default process.cwd(). */
  cwd?: string;
  /** Resolves a group name or gid, undefined when unknown; default: /etc/group, then getent. */
  lookupGroup?: (group: string | number) => Promise<unknown | undefined>;
}

export interface LoadedSpec {
  spec: Spec;
  /** Position of a key of the spec (e.g. ['instances', 1, 'ports', 'ipc']); undefined for .js/.mjs specs. */
  locate(path: readonly (string | number)[]): Position | undefined;
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
    const lookup = options.lookupGroup ?? hostLookupGroup;
    const validation = await validateSpec(source.data, {
      file: source.file,
      bundledTemplate: bundledTemplatePath(),
      checks: { groupExists: async (group) => (await lookup(group)) !== undefined, templateProblem },
    });
    problems.push(...validation.problems);
    if (problems.length === 0 && validation.spec) return { spec: validation.spec, locate: source.locate };
  }
  const placed = problems.map((problem) => place(problem, source, shownAs)).sort(byPosition);
  throw new NsoMultiError(
    'SPEC_INVALID',
    `${placed.length} problem${placed.length === 1 ? '' : 's'} in ${shownAs}`,
    {
      problems: placed,
      hint: 'fix the problems listed; instances.example.yaml shows a valid spec',
    },
  );
}

async function searchSource(cwd: string): Promise<SpecSource> {
  let result: Awaited<ReturnType<ReturnType<typeof specExplorer>['search']>>;
  try {
    result = await specExplorer().search(cwd);
  } catch (error) {
    // Only loading a .js/.mjs spec can throw here; cosmiconfig tells which file.
    const file = (error as { filepath?: unknown }).filepath;
    if (typeof file === 'string') return moduleLoadFailure(file, error);
    throw new NsoMultiError('IO', `searching for the spec from ${cwd} failed: ${String(error)}`, {
      cause: error,
    });
  }
  if (result === null) {
    throw new NsoMultiError(
      'SPEC_NOT_FOUND',
      `no nso-multi spec found in ${cwd} or its parents up to the project root`,
      {
        hint: 'create nso-multi.yaml (see instances.example.yaml), or pass -c FILE',
      },
    );
  }
  if (isModuleSpecFile(result.filepath)) return moduleSource(result.filepath, result.config, result.isEmpty);
  return readTextSource(result.filepath, shownPath(cwd, result.filepath));
}

// Files inside cwd are shown relative to it, others absolute, so every message names a path that works from cwd.
function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

function place(problem: PlacedProblem, source: SpecSource, file: string): SpecProblem {
  const position: Position | undefined =
    problem.line === undefined
      ? (source.locate(problem.path) ?? (source.positioned ? { line: 1, col: 1 } : undefined))
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

const templateProblem: SpecChecks['templateProblem'] = async (file) => {
  try {
    if (!(await stat(file)).isFile()) return 'is not a file';
    await access(file, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
    if (code === 'EACCES') return 'is not readable';
    return `cannot be read (${code ?? String(error)})`;
  }
};
