// Runs every semantic rule after the schema passed, and merges their problems.
import { dottedPath, type PathProblem } from '../spec-path.js';
import { groupExists, groupForGroupMode } from './access-check.js';
import { layoutFits } from './layout.js';
import { uniqueNames } from './names.js';
import { distinctPinnedPorts, pinnedPortsEnabled } from './ports.js';
import type { Rule, RuleContext } from './rule.js';
import { templateReadable } from './template.js';

export const RULES: readonly Rule[] = [
  uniqueNames,
  distinctPinnedPorts,
  pinnedPortsEnabled,
  groupForGroupMode,
  groupExists,
  layoutFits,
  templateReadable,
];

// Runs all rules; a problem coming from `defaults` is reported once, not once per instance.
export async function runRules(context: RuleContext, rules: readonly Rule[] = RULES): Promise<PathProblem[]> {
  const results = await Promise.all(rules.map((rule) => rule(context)));
  const unique = new Map<string, PathProblem>();
  for (const problem of results.flat()) {
    unique.set(`${dottedPath(problem.path)}\n${problem.message}`, problem);
  }
  return [...unique.values()];
}
