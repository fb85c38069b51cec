// Lists of instance names in an instance (`dependsOn`, `lsa.lower`): each names another instance of the spec,
// once, never the instance itself, and the lists never form a cycle.
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';
import type { Rule } from './rule.js';

/** What a rule over one kind of list needs: where the list is, and the words for a cycle. */
export interface ReferenceList {
  /** The list's keys under the instance, e.g. ['dependsOn'] or ['lsa', 'lower']. */
  keys: readonly string[];
  list(view: InstanceView): readonly string[] | undefined;
  /** e.g. "depends on itself". */
  self: string;
  /** The fix of a cycle. */
  cycle: string;
}

// A rule reporting unknown names, an instance naming itself, repeats, and each cycle (once, at the entry that
// closes it).
export function referencesKnownAcyclic(kind: ReferenceList): Rule {
  return ({ instances, rawNames }) => {
    const known = new Set(rawNames.filter((name): name is string => typeof name === 'string'));
    const problems: PathProblem[] = [];
    const edges = new Map<string, Edge[]>();
    for (const view of instances) {
      const name = view.settings.name;
      const seen = new Set<string>();
      (kind.list(view) ?? []).forEach((to, at) => {
        const path = ['instances', view.index, ...kind.keys, at];
        if (to === name) {
          problems.push({
            path,
            message: `instance \`${name}\` ${kind.self}`,
            fix: `remove it from \`${kind.keys.join('.')}\``,
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
    return [...problems, ...cycles(edges, kind)];
  };
}

interface Edge {
  to: string;
  view: InstanceView;
  at: number;
}

// Depth-first search; an edge back to an instance still on the path closes a cycle.
function cycles(edges: Map<string, Edge[]>, kind: ReferenceList): PathProblem[] {
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
          path: ['instances', edge.view.index, ...kind.keys, edge.at],
          message: `${kind.keys.join('.')} forms a cycle: ${loop}`,
          fix: kind.cycle,
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
