// The workdir and the envDir must be folders render can write, or create.
import type { PathProblem } from '../spec-path.js';
import type { Rule } from './rule.js';

// Reports a workdir or envDir that is a file, sits under a file, or cannot be written (when the loader checks).
export const foldersWritable: Rule = async ({ folders, checks }) => {
  const check = checks.folderProblem;
  if (check === undefined) return [];
  const problems: PathProblem[] = [];
  for (const folder of folders) {
    const problem = await check(folder.path);
    if (problem === undefined) continue;
    const which = folder.given ? folder.path : `the default ${folder.key} ${folder.path}`;
    problems.push({
      path: folder.given ? [folder.key] : [],
      message: `${which} ${problem.message}`,
      fix: `${problem.fix}, or set \`${folder.key}\` to a folder you can write`,
    });
  }
  return problems;
};
