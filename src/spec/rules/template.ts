// Every instance's ncs.conf template must be a readable file that nso-multi can render.
import type { PathProblem } from '../spec-path.js';
import type { Rule, TemplateProblem } from './rule.js';

// Reports a template that cannot be used, at the `template` key that named it (once per key).
export const templateReadable: Rule = async ({ instances, checks, bundledTemplate }) => {
  const problems: PathProblem[] = [];
  const answers = new Map<string, Promise<TemplateProblem | undefined>>();
  for (const view of instances) {
    if (!answers.has(view.template)) answers.set(view.template, checks.templateProblem(view.template));
    const problem = await answers.get(view.template);
    if (problem === undefined) continue;
    const bundled = view.template === bundledTemplate && view.settings.template === undefined;
    if (bundled) {
      problems.push({
        path: [],
        message:
          typeof problem === 'string'
            ? `the ncs.conf template bundled with nso-multi (${bundledTemplate}) ${problem}`
            : `the ncs.conf template bundled with nso-multi: ${problem.message}`,
        fix: 'reinstall nso-multi, or set `template` under `defaults`',
      });
    } else {
      problems.push({
        path: view.origin(['template']),
        message: typeof problem === 'string' ? `template ${view.template} ${problem}` : problem.message,
        fix: typeof problem === 'string' ? "fix the path (it is relative to the spec's folder)" : problem.fix,
      });
    }
  }
  return problems;
};
