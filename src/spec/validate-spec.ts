// Validates spec data: the schema first, then the semantic rules; returns the Spec or every problem found.
import { dirname, resolve } from 'node:path';
import type { Spec } from '../model.js';
import { buildSpec, projectFromFolder } from './build-spec.js';
import { instanceViews } from './instance-views.js';
import { rawKey } from './merge-defaults.js';
import { runRules } from './rules/index.js';
import type { SpecChecks, SpecFolder } from './rules/rule.js';
import { specFileSchema } from './schema.js';
import type { PathProblem, SpecPath } from './spec-path.js';
import { issuesToProblems } from './zod-problems.js';

export interface ValidateSpecOptions {
  /** The spec file, absolute: relative paths are resolved against its folder. */
  file: string;
  bundledTemplate: string;
  checks: SpecChecks;
  /** Accept IPC off loopback without the access check; default false. */
  allowInsecureIpc?: boolean;
}

export interface SpecValidation {
  spec: Spec | undefined;
  problems: PathProblem[];
}

// Validates the data of a spec file (null for an empty file).
export async function validateSpec(data: unknown, options: ValidateSpecOptions): Promise<SpecValidation> {
  if (data === null || data === undefined) {
    return {
      spec: undefined,
      problems: [
        {
          path: [],
          message: 'the spec is empty',
          fix: 'add an `instances:` list; see instances.example.yaml',
        },
      ],
    };
  }
  const parsed = specFileSchema.safeParse(data, { reportInput: true });
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues, specFileSchema);
  const dir = dirname(options.file);
  const views = instanceViews(data, dir, options.bundledTemplate, parsed.data?.instances);
  if (!problems.some((problem) => blocksRules(problem.path))) {
    const instances = rawKey(data, 'instances');
    const rawLayout = rawKey(data, 'layout');
    problems.push(
      ...(await runRules({
        instances: views,
        instanceCount: Array.isArray(instances) ? instances.length : 0,
        rawNames: Array.isArray(instances) ? instances.map((instance) => rawKey(instance, 'name')) : [],
        layout: specFileSchema.shape.layout.parse(rawLayout),
        rawLayout,
        folders: specFolders(data, dir),
        bundledTemplate: options.bundledTemplate,
        allowInsecureIpc: options.allowInsecureIpc === true,
        specDir: dir,
        project: projectName(data, dir),
        ...specVersion(data),
        checks: options.checks,
      })),
    );
  }
  if (!parsed.success || problems.length > 0) return { spec: undefined, problems };
  return { spec: buildSpec(parsed.data, views, options.file), problems };
}

// Rules need a valid layout, valid `defaults` and a list of instances; a problem inside one instance only
// removes that instance from the rules.
function blocksRules(path: SpecPath): boolean {
  const [top] = path;
  return (
    top === undefined || top === 'layout' || top === 'defaults' || (top === 'instances' && path.length < 2)
  );
}

// The project's name as the spec will have it: its `project`, else the folder's.
function projectName(data: unknown, dir: string): string {
  const given = rawKey(data, 'project');
  return typeof given === 'string' ? given : projectFromFolder(dir);
}

// `nso.version` when it is valid, for the rules that depend on the target release.
function specVersion(data: unknown): { nsoVersion?: string } {
  const parsed = specFileSchema.shape.nso.safeParse(rawKey(data, 'nso'));
  return parsed.success && parsed.data.version !== undefined ? { nsoVersion: parsed.data.version } : {};
}

// The workdir and envDir with valid values (invalid ones were reported by the schema), absolute.
function specFolders(data: unknown, dir: string): SpecFolder[] {
  return (['workdir', 'envDir'] as const).flatMap((key) => {
    const raw = rawKey(data, key);
    const parsed = specFileSchema.shape[key].safeParse(raw);
    return parsed.success ? [{ key, path: resolve(dir, parsed.data), given: raw !== undefined }] : [];
  });
}
