// `netsim`: every device of an instance has its own name, each NED is a package with a netsim folder, and a NED
// does not clash with a package of the same folder name in `packages` (the NED is loaded from packages/ too).
import { basename } from 'node:path';
import type { PathProblem } from '../spec-path.js';
import type { FolderProblem, Rule } from './rule.js';

// Reports a device name two networks of one instance would both give (`ios` 10 devices and `ios1`: ios10).
export const netsimDeviceNamesUnique: Rule = ({ instances }) => {
  const problems: PathProblem[] = [];
  for (const view of instances) {
    const seen = new Map<string, number>();
    (view.netsim ?? []).forEach((network, n) => {
      const at = [...view.origin(['netsim']), n, 'prefix'];
      const clash = Array.from({ length: network.count }, (_, i) => `${network.prefix}${i}`).find((name) =>
        seen.has(name),
      );
      if (clash !== undefined) {
        problems.push({
          path: at,
          message: `device ${clash} would be made by netsim network ${seen.get(clash)! + 1} too`,
          fix: 'give each network a prefix no device name of another network starts with',
        });
      }
      for (let i = 0; i < network.count; i++) seen.set(`${network.prefix}${i}`, n);
    });
  }
  return problems;
};

// Reports a NED whose folder name a package of `packages` has too (both would be packages/<name>).
export const netsimNedNotShadowed: Rule = ({ instances }) => {
  const problems: PathProblem[] = [];
  for (const view of instances) {
    const packages = new Map((view.packages ?? []).map((path) => [basename(path), path]));
    (view.netsim ?? []).forEach((network, n) => {
      const other = packages.get(basename(network.ned));
      if (other !== undefined && other !== network.ned) {
        problems.push({
          path: [...view.origin(['netsim']), n, 'ned'],
          message: `${network.ned} and the package ${other} would both become packages/${basename(network.ned)}`,
          fix: 'use the same folder in both places, or drop the one in `packages` (a network loads its NED)',
        });
      }
    });
  }
  return problems;
};

// Reports a NED folder that is missing, not a package, or has no netsim folder.
export const netsimNedUsable: Rule = async ({ instances, checks }) => {
  const check = checks.contentsPathProblem;
  if (check === undefined) return [];
  const answers = new Map<string, Promise<FolderProblem | undefined>>();
  const problems: PathProblem[] = [];
  for (const view of instances) {
    for (const [n, network] of (view.netsim ?? []).entries()) {
      if (!answers.has(network.ned)) answers.set(network.ned, check(network.ned, 'ned'));
      const problem = await answers.get(network.ned);
      if (problem === undefined) continue;
      problems.push({
        path: [...view.origin(['netsim']), n, 'ned'],
        message: `NED package ${network.ned} ${problem.message}`,
        fix: problem.fix,
      });
    }
  }
  return problems;
};
