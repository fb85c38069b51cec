// HA Raft's address is the host part of a node address, which NSO refuses as a wildcard.
import { isWildcardAddress } from '../../nso/wildcard-address.js';
import type { Rule } from './rule.js';

// Reports `haRaft.address: 0.0.0.0` or `::`: a node address must name one host the other nodes can reach.
export const haRaftAddressNotWildcard: Rule = ({ instances }) =>
  instances.flatMap((view) => {
    const address = view.settings.haRaft?.address;
    if (address === undefined || !isWildcardAddress(address)) return [];
    return [
      {
        path: view.origin(['haRaft', 'address']),
        message: `${address} is a wildcard address, which NSO refuses in an HA Raft node address (name@address)`,
        fix: 'use the one address the other nodes reach this one at, e.g. 127.0.0.1 (the default) on a single host',
      },
    ];
  });
