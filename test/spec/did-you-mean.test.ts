import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/spec/did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps', () => {
    expect(editDistance('ports', 'ports')).toBe(0);
    expect(editDistance('port', 'ports')).toBe(1);
    expect(editDistance('portz', 'ports')).toBe(1);
    expect(editDistance('tpc', 'tcp')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('ignores case', () => {
    expect(editDistance('netconfSSH', 'netconfSsh')).toBe(0);
  });
});

describe('didYouMean', () => {
  const keys = ['name', 'template', 'ports', 'ipc', 'netconf', 'cli'];

  it('suggests the closest key within a third of its length', () => {
    expect(didYouMean('templat', keys)).toBe('template');
    expect(didYouMean('netconff', keys)).toBe('netconf');
    expect(didYouMean('ipx', keys)).toBe('ipc');
  });

  it('suggests nothing when no key is close', () => {
    expect(didYouMean('listeners', keys)).toBeUndefined();
    expect(didYouMean('xyz', keys)).toBeUndefined();
  });
});
