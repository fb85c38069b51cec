// The IPC secret's mode "040" needs a group, and a named group must exist on this host.
import type { PathProblem } from '../spec-path.js';
import type { Rule } from './rule.js';

const ACCESS_CHECK = ['ipc', 'accessCheck'] as const;

// Reports mode "040" without `group`, at the key that set the mode.
export const groupForGroupMode: Rule = ({ instances }) =>
  instances.flatMap((view) => {
    const check = view.settings.ipc.accessCheck;
    if (!check.enabled || check.mode !== '040' || check.group !== undefined) return [];
    return [
      {
        path: view.origin([...ACCESS_CHECK, 'mode']),
        message: 'mode "040" lets a group read the secret, but no `group` is given',
        fix: 'add `group: <name or gid>` beside `mode`, or use mode "0400"',
      },
    ];
  });

// Reports a `group` that this host does not know (looked up once per distinct value).
export const groupExists: Rule = async ({ instances, checks }) => {
  const answers = new Map<string, Promise<boolean>>();
  const problems: PathProblem[] = [];
  for (const view of instances) {
    const check = view.settings.ipc.accessCheck;
    if (!check.enabled || check.group === undefined) continue;
    const group = check.group;
    const id = `${typeof group}:${group}`;
    if (!answers.has(id)) answers.set(id, checks.groupExists(group));
    if (await answers.get(id)) continue;
    problems.push({
      path: view.origin([...ACCESS_CHECK, 'group']),
      message: `group ${JSON.stringify(group)} does not exist on this host`,
      fix: 'use an existing group (see `getent group`), or create it with `groupadd`',
    });
  }
  return problems;
};
