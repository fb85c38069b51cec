// `packages` and `cdbInit`: each entry must exist and be usable, and no two may land on the same name.
import { basename } from 'node:path';
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';
import type { FolderProblem, Rule } from './rule.js';

type ContentsKey = 'packages' | 'cdbInit';

const TARGET: Record<ContentsKey, string> = { packages: 'packages/', cdbInit: 'ncs-cdb/' };

// Reports a second entry that lands in the same packages/ or ncs-cdb/ name, and an init file NSO would skip.
export const uniqueContentNames: Rule = ({ instances }) => {
  const problems: PathProblem[] = [];
  for (const view of instances) {
    for (const key of ['packages', 'cdbInit'] as const) {
      const seen = new Map<string, string>();
      (view[key] ?? []).forEach((path, i) => {
        const name = basename(path);
        const first = seen.get(name);
        const at = [...view.origin([key]), i];
        if (first !== undefined) {
          problems.push({
            path: at,
            message: `${path} and ${first} would both become ${TARGET[key]}${name}`,
            fix:
              key === 'packages'
                ? 'NSO loads one package per folder name: keep one of them'
                : 'keep one of them, or rename one file',
          });
        }
        seen.set(name, path);
        if (key === 'cdbInit' && !name.endsWith('.xml')) {
          problems.push({
            path: at,
            message: `${path} does not end in .xml: NSO loads only *.xml files from ncs-cdb/`,
            fix: 'rename the file to end in .xml',
          });
        }
      });
    }
  }
  return problems;
};

// Reports a package folder or init file that is missing or unusable, at the list entry that names it.
export const contentsPathsUsable: Rule = async ({ instances, checks }) => {
  const check = checks.contentsPathProblem;
  if (check === undefined) return [];
  const answers = new Map<string, Promise<FolderProblem | undefined>>();
  const problems: PathProblem[] = [];
  for (const view of instances) {
    for (const key of ['packages', 'cdbInit'] as const) {
      for (const [i, path] of (view[key] ?? []).entries()) {
        const kind = key === 'packages' ? 'package' : 'cdbInit';
        if (!answers.has(path)) answers.set(path, check(path, kind));
        const problem = await answers.get(path);
        if (problem !== undefined) problems.push(layoutProblem(view, key, i, path, problem));
      }
    }
  }
  return problems;
};

function layoutProblem(
  view: InstanceView,
  key: ContentsKey,
  index: number,
  path: string,
  problem: FolderProblem,
): PathProblem {
  const what = key === 'packages' ? 'package folder' : 'CDB init file';
  return {
    path: [...view.origin([key]), index],
    message: `${what} ${path} ${problem.message}`,
    fix: problem.fix,
  };
}
