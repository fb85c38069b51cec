// Every instance's ncs.conf template must be a readable file.
import type { PathProblem } from '../spec-path.js';
import type { Rule } from './rule.js';

// Reports a template that cannot be read, at the `template` key that named it (once per key).
export const templateReadable: Rule = async ({ instances, checks, bundledTemplate }) => {
  const problems: PathProblem[] = [];
  const reasons = new Map<string, Promise<string | undefined>>();
  for (const view of instances) {
    if (!reasons.has(view.template)) reasons.set(view.template, checks.templateProblem(view.template));
    const reason = await reasons.get(view.template);
    if (reason === undefined) continue;
    if (view.template === bundledTemplate && view.settings.template === undefined) {
      problems.push({
        path: [],
        message: `the ncs.conf template bundled with nso-multi (${bundledTemplate}) ${reason}`,
        fix: 'reinstall nso-multi, or set `template` under `defaults`',
      });
    } else {
      problems.push({
        path: view.origin(['template']),
        message: `template ${view.template} ${reason}`,
        fix: "fix the path (it is relative to the spec's folder)",
      });
    }
  }
  return problems;
};
