// `netsim`: the simulated device networks of an instance, as `ncs-netsim create-network` makes them.
import { z } from 'zod';
import { describeValue } from './describe-value.js';
import { withFix } from './schema-fixes.js';

/** The most devices one network may have: a network of ConfD daemons, each some 100 MB, on one host. */
export const MAX_NETSIM_DEVICES = 500;

const ned = withFix(
  z.string().min(1),
  "give the NED package folder (the one with netsim/ inside), relative to the spec's folder",
);

const count = withFix(
  z.int().min(1).max(MAX_NETSIM_DEVICES),
  `give the number of devices, 1..${MAX_NETSIM_DEVICES}`,
);

// A device name is `<prefix><index>`, and ncs-netsim makes a folder of it: letters, digits, "-" and "_".
const prefix = withFix(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, {
    error: (issue) => `${describeValue(issue.input)} is not a device name prefix`,
  }),
  'use a letter, then up to 39 letters, digits, "-" or "_", e.g. `prefix: ios`',
);

const network = z
  .strictObject({
    ned: ned.describe("The NED package (a folder with netsim/ inside), relative to the spec's folder."),
    count: count.describe('How many devices.'),
    prefix: prefix.describe('Device names are <prefix>0, <prefix>1, … as ncs-netsim makes them.'),
  })
  .describe('One network of simulated devices of one NED.');

/** `netsim`: spread into the instance schema (and so into `defaults`). */
export const netsimShape = {
  netsim: withFix(z.array(network), (input) =>
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? 'write a list: `netsim: [{ ned: ./packages/my-ned, count: 2, prefix: dev }]`'
      : 'give a list of networks, e.g. `netsim: [{ ned: ./packages/my-ned, count: 2, prefix: dev }]`',
  )
    .default([])
    .describe(
      "Netsim device networks (ncs-netsim) of the instance: their NED packages are loaded and the devices configured in it; an instance's list replaces the one in `defaults`.",
    ),
};
