// `dependsOn` names other instances of the spec, never the instance itself, and never forms a cycle: an export
// orders the containers by it, and a cycle would leave every container of it waiting for another.
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';
import type { Rule } from './rule.js';

// Reports unknown names, an instance naming itself, and each cycle (once, at the entry that closes it).
export const dependsOnKnownAcyclic: Rule = ({ instances, rawNames }) => {
  const known = new Set(rawNames.filter((name): name is string => typeof name === 'string'));
  const problems: PathProblem[] = [];
  const edges = new Map<string, { to: string; view: InstanceView; at: number }[]>();
  for (const view of instances) {
    const { name, dependsOn } = view.settings;
    const list = dependsOn ?? [];
    const seen = new Set<string>();
    list.forEach((to, at) => {
      const path = ['instances', view.index, 'dependsOn', at];
      if (to === name) {
        problems.push({
          path,
          message: `instance \`${name}\` depends on itself`,
          fix: 'remove it from `dependsOn`',
        });
      } else if (!known.has(to)) {
        problems.push({
          path,
          message: `\`${to}\` is not an instance of this spec`,
          fix: `name one of: ${[...known].filter((n) => n !== name).join(', ') || '(no other instances)'}`,
        });
      } else if (seen.has(to)) {
        problems.push({ path, message: `\`${to}\` is listed twice`, fix: 'list each instance once' });
      } else {
        edges.set(name, [...(edges.get(name) ?? []), { to, view, at }]);
      }
      seen.add(to);
    });
  }
  return [...problems, ...cycles(edges)];
};

// Depth-first search; an edge back to an instance still on the path closes a cycle.
function cycles(edges: Map<string, { to: string; view: InstanceView; at: number }[]>): PathProblem[] {
  const problems: PathProblem[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): void => {
    path.push(name);
    for (const edge of edges.get(name) ?? []) {
      const start = path.indexOf(edge.to);
      if (start >= 0) {
        const loop = [...path.slice(start), edge.to].map((n) => `\`${n}\``).join(' → ');
        problems.push({
          path: ['instances', edge.view.index, 'dependsOn', edge.at],
          message: `dependsOn forms a cycle: ${loop}`,
          fix: 'remove one of these dependencies: containers in a cycle would wait for each other forever',
        });
      } else if (!done.has(edge.to)) {
        visit(edge.to);
      }
    }
    path.pop();
    done.add(name);
  };
  for (const name of edges.keys()) if (!done.has(name)) visit(name);
  return problems;
}
