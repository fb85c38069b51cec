// `lsa.lower`: an upper node names other instances of the spec as its lower nodes, never itself, without a
// cycle (a lower node starts before its upper node), and each lower node has NETCONF over SSH on: the upper
// node reaches its lower nodes there (cluster remote-node and the device of the LSA NED).
import type { PathProblem } from '../spec-path.js';
import { referencesKnownAcyclic } from './instance-references.js';
import type { Rule } from './rule.js';

export const lsaLowerKnownAcyclic = referencesKnownAcyclic({
  keys: ['lsa', 'lower'],
  list: (view) => view.settings.lsa?.lower,
  self: 'is its own lower node',
  cycle:
    'remove one of these lower nodes: lower nodes start before their upper node, so a cycle cannot start',
});

// Reports a lower node whose NETCONF over SSH is off.
export const lsaLowerNetconfSsh: Rule = ({ instances }) => {
  const byName = new Map(instances.map((view) => [view.settings.name, view]));
  const problems: PathProblem[] = [];
  for (const view of instances) {
    (view.settings.lsa?.lower ?? []).forEach((lower, at) => {
      const node = byName.get(lower);
      if (node === undefined || node.settings.netconf.ssh) return;
      problems.push({
        path: ['instances', view.index, 'lsa', 'lower', at],
        message: `lower node \`${lower}\` has NETCONF over SSH off, where the upper node reaches it`,
        fix: `switch it on in \`${lower}\` (\`netconf: { ssh: true }\`)`,
      });
    });
  }
  return problems;
};
