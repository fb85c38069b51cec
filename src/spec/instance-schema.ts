// The schema of one instance (and of `defaults`, which holds the same keys but `name`).
import { z } from 'zod';
import { describeValue } from './describe-value.js';
import { withFix } from './schema-fixes.js';

const portNumber = withFix(
  z.int().min(1).max(65535),
  'use an integer 1..65535, best below 32768 (the ephemeral range) and away from NSO defaults like 4569 or 2022',
);

const address = withFix(
  z.union([z.ipv4(), z.ipv6()], {
    error: (issue) => `${JSON.stringify(issue.input)} is not an IPv4 or IPv6 address`,
  }),
  'use an IP address such as 127.0.0.1 or ::1 (host names are not accepted)',
);

const flag = (description: string) =>
  withFix(z.boolean().default(true).describe(description), 'use true or false');

/** Allowed modes of the IPC secret file; strings, because YAML would read 0400 as a number. */
export const secretModeSchema = withFix(
  z.enum(['0400', '040'], {
    error: (issue) =>
      typeof issue.input === 'number'
        ? `mode is the number ${issue.input}, but must be the string "0400" or "040"`
        : `mode ${JSON.stringify(issue.input)} is not supported`,
  }),
  (input) =>
    input === 40 || input === 32
      ? 'quote it: `mode: "040"` (unquoted, YAML reads a number)'
      : typeof input === 'number'
        ? 'quote it: `mode: "0400"` (unquoted, YAML reads a number)'
        : 'use "0400" (owner may read) or "040" (group may read; needs `group`)',
);

const group = withFix(
  z.union([z.string().min(1), z.int().min(0).max(4294967294)], {
    error: (issue) => `${describeValue(issue.input)} is not a group name or gid`,
  }),
  'use the name or numeric gid of an existing group, e.g. `group: ncsadmin`',
);

const accessCheck = z
  .strictObject({
    enabled: flag('Protect the IPC port with a shared secret file (NCS_IPC_ACCESS_FILE).'),
    mode: secretModeSchema
      .default('0400')
      .describe('Mode of the secret file: "0400" (owner only) or "040" (group only; needs `group`).'),
    group: group.optional().describe('Group (name or numeric gid) that may read the secret with mode "040".'),
  })
  .describe('The IPC access check.');

const ports = z
  .strictObject({
    ipc: portNumber.optional().describe('Pinned IPC port (NCS_IPC_PORT).'),
    netconfSsh: portNumber.optional().describe('Pinned NETCONF SSH port.'),
    netconfTcp: portNumber.optional().describe('Pinned NETCONF TCP port.'),
    cliSsh: portNumber.optional().describe('Pinned CLI SSH port.'),
  })
  .describe('Ports pinned by hand (any subset); the others are generated from `layout`.');

const template = withFix(
  z.string().min(1),
  'give the path of an ncs.conf template, relative to the spec file',
);

/** Every per-instance key except `name`: what `defaults` may hold. */
export const instanceSettingsShape = {
  template: template
    .optional()
    .describe(
      "The ncs.conf template, relative to the spec's folder. Default: the one bundled with nso-multi.",
    ),
  ports: ports.prefault({}),
  ipc: z
    .strictObject({
      address: address.default('127.0.0.1').describe('Address the IPC port binds; keep it on loopback.'),
      accessCheck: accessCheck.prefault({}),
    })
    .describe('The IPC listener, used by ncs control commands and every client library.')
    .prefault({}),
  netconf: z
    .strictObject({
      ssh: flag('Whether NETCONF over SSH listens.'),
      tcp: flag('Whether NETCONF over plain TCP listens.'),
      address: address.default('127.0.0.1').describe('Address the NETCONF listeners bind.'),
    })
    .describe('The NETCONF northbound listeners.')
    .prefault({}),
  cli: z
    .strictObject({
      ssh: flag('Whether the CLI over SSH listens.'),
      address: address.default('127.0.0.1').describe('Address the CLI SSH listener binds.'),
    })
    .describe('The CLI SSH listener.')
    .prefault({}),
};

const name = withFix(
  z.string().regex(/^[A-Za-z0-9_-]{1,63}$/),
  'use 1–63 letters, digits, "-" or "_", e.g. `name: nso1`',
);

/** One entry of `instances`. */
export const instanceSchema = z
  .strictObject({
    name: name.describe('Instance name: 1–63 letters, digits, "-" or "_"; unique.'),
    ...instanceSettingsShape,
  })
  .describe('One NSO instance.');

/** The `defaults` block: instance keys deep-merged under every instance. */
export const defaultsSchema = z
  .strictObject(instanceSettingsShape)
  .describe('Instance keys (all but `name`) deep-merged under every instance.')
  .prefault({});

export type InstanceInput = z.input<typeof instanceSchema>;
export type InstanceSettings = z.output<typeof instanceSchema>;
