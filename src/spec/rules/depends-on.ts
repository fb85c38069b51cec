// `dependsOn` names other instances of the spec, never the instance itself, and never forms a cycle: an export
// orders the containers by it, and a cycle would leave every container of it waiting for another.
import { referencesKnownAcyclic } from './instance-references.js';

export const dependsOnKnownAcyclic = referencesKnownAcyclic({
  keys: ['dependsOn'],
  list: (view) => view.settings.dependsOn,
  self: 'depends on itself',
  cycle: 'remove one of these dependencies: containers in a cycle would wait for each other forever',
});
