// The IPC secret's group modes ("0440", "040") need a group, a named group must exist on this host, and mode
// "040" needs root: POSIX gives a file's owner the owner bits only, so a 040 secret written by (and owned by)
// the user who runs NSO is unreadable to that user, group member or not. Root reads it all the same.
import type { PathProblem } from '../spec-path.js';
import type { Rule } from './rule.js';

const ACCESS_CHECK = ['ipc', 'accessCheck'] as const;

// Reports mode "0440" or "040" without `group`, at the key that set the mode.
export const groupForGroupMode: Rule = ({ instances }) =>
  instances.flatMap((view) => {
    const check = view.settings.ipc.accessCheck;
    if (!check.enabled || check.mode === '0400' || check.group !== undefined) return [];
    return [
      {
        path: view.origin([...ACCESS_CHECK, 'mode']),
        message: `mode "${check.mode}" lets a group read the secret, but no \`group\` is given`,
        fix: 'add `group: <name or gid>` beside `mode`, or use mode "0400"',
      },
    ];
  });

// Reports mode "040" when nso-multi does not run as root: the secret would be owned by the user who then
// starts NSO with it, and NSO could not read it (NSO itself does not check the mode: 0644 works too).
export const ownerReadsGroupMode: Rule = ({ instances, checks }) => {
  if (checks.runsAsRoot === undefined || checks.runsAsRoot()) return [];
  return instances.flatMap((view) => {
    const check = view.settings.ipc.accessCheck;
    if (!check.enabled || check.mode !== '040') return [];
    return [
      {
        path: view.origin([...ACCESS_CHECK, 'mode']),
        message:
          'mode "040" leaves the secret unreadable to its owner, and its owner is you, who run NSO: NSO could not read it (the owner gets the owner bits only, group member or not)',
        fix: 'use mode "0440" (you and the group read it), or "0400" when only you connect; "040" works only when root renders and runs NSO',
      },
    ];
  });
};

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
