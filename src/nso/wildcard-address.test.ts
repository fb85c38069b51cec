import { describe, expect, it } from 'vitest';
import { isWildcardAddress } from './wildcard-address.js';

describe('isWildcardAddress', () => {
  it('knows the IPv4 and IPv6 any-addresses in their spellings', () => {
    const spellings = ['0.0.0.0', '::', '0:0:0:0:0:0:0:0', '::0', '000.0.00.0', ' :: '];
    expect(spellings.filter((a) => !isWildcardAddress(a))).toEqual([]);
  });

  it('tells them from real addresses, loopback and networks ending in zeros included', () => {
    const real = ['127.0.0.1', '::1', '10.0.0.0', 'fe80::', '0.0.0.1', '::ffff:127.0.0.1', 'ash.example.org'];
    expect(real.filter(isWildcardAddress)).toEqual([]);
  });
});
