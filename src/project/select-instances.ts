// Checks the instance names given on a command line against the spec; all when none are given.
import { NsoMultiError } from '../errors.js';
import type { Spec } from '../model.js';
import { didYouMean } from '../spec/did-you-mean.js';

// The selected names in spec order; UNKNOWN_INSTANCE (exit 2) naming each unknown one.
export function selectInstances(spec: Spec, names: readonly string[] | undefined): string[] {
  const known = spec.instances.map((i) => i.name);
  if (names === undefined || names.length === 0) return known;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    const guess = unknown.length === 1 ? didYouMean(unknown[0]!, known) : undefined;
    throw new NsoMultiError('UNKNOWN_INSTANCE', `no instance ${unknown.join(', ')} in ${spec.file}`, {
      hint: `${guess ? `did you mean \`${guess}\`? ` : ''}instances: ${known.join(', ')}`,
    });
  }
  return known.filter((n) => names.includes(n));
}
