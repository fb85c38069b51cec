import { describe, expect, it } from 'vitest';
import { instanceSpec, projectSpec } from '../../test/helpers/instance-spec.js';
import type { AllocatedPorts } from '../model.js';
import { buildPlan } from '../plan/build-plan.js';
import { lowerNodesFirst, lowerNodesOf } from './lsa-up.js';

// top is the upper node of mid, which is the upper node of a and b; c stands alone.
function plan() {
  const specs = [
    instanceSpec({ name: 'top', lsa: { lower: ['mid'] } }),
    instanceSpec({ name: 'mid', lsa: { lower: ['a', 'b'] } }),
    instanceSpec({ name: 'c' }),
    instanceSpec({ name: 'a' }),
    instanceSpec({ name: 'b' }),
  ];
  const ports: Record<string, AllocatedPorts> = {};
  specs.forEach((s, i) => {
    ports[s.name] = { ipc: 20010 + 10 * i, netconfSsh: 20011 + 10 * i, cliSsh: 20013 + 10 * i };
  });
  return buildPlan(projectSpec(specs), ports, [], '6.2');
}

describe('LSA start order', () => {
  it('starts every lower node before its upper node, and keeps the spec order otherwise', () => {
    const all = ['top', 'mid', 'c', 'a', 'b'];
    expect(lowerNodesFirst(plan(), all)).toEqual(['a', 'b', 'mid', 'top', 'c']);
    expect(lowerNodesFirst(plan(), ['c', 'b'])).toEqual(['c', 'b']);
  });

  it('waits only for the lower nodes this run starts', () => {
    expect(lowerNodesOf(plan(), 'mid', ['mid', 'b'])).toEqual(['b']);
    expect(lowerNodesOf(plan(), 'c', ['c', 'a'])).toEqual([]);
  });
});
