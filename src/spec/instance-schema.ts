// The schema of one instance (and of `defaults`, which holds the same keys but `name`).
import { z } from 'zod';
import { describeValue } from './describe-value.js';
import { type TokenRule, tokenFix, tokenMessage } from './name-token.js';
import { netsimShape } from './netsim-schema.js';
import { runDirContentsShape } from './run-dir-contents-schema.js';
import { withFix } from './schema-fixes.js';
import { snmpSetting } from './snmp-schema.js';

// A group whose keys are all optional or defaulted: absent, it parses to the same value for every instance.
// zod's `.prefault({})` would parse `{}` again for each instance and group (most of the zod time of a spec
// with many plain instances); this parses it once, here, and `.default` hands out a shallow copy. The value
// is frozen all the way down, since instances share its nested objects: nothing may change a parsed spec.
// `jitless`: this one parse need not make zod generate (and V8 compile) the group's fast-path parser, which
// every command loading the schema would otherwise pay for at start-up.
function absentAsParsed<T extends z.ZodType<object>>(schema: T) {
  return schema.default(deepFreeze(schema.parse({}, { jitless: true })) as z.util.NoUndefined<z.output<T>>);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const PORT_FIX =
  'use an integer 1..65535, best below 32768 (the ephemeral range) and away from NSO defaults like 4569 or 2022';

const portNumber = withFix(z.int().min(1).max(65535), PORT_FIX, (input) =>
  input === 0 ? '0 is not a port number (to the OS it means "any free port")' : undefined,
);

const address = withFix(
  z.union([z.ipv4(), z.ipv6()], {
    error: (issue) =>
      typeof issue.input === 'string'
        ? `${JSON.stringify(issue.input)} is not an IPv4 or IPv6 address`
        : `expected an IP address as a string, got ${describeValue(issue.input)}`,
  }),
  (input) => {
    const text = typeof input === 'string' ? input.trim() : '';
    if (/^localhost$/i.test(text)) return 'use 127.0.0.1 (or ::1): host names are not accepted';
    if (/^\[.*\]$/.test(text)) return `drop the brackets: \`${text.slice(1, -1)}\``;
    if (text.includes('/')) return 'give a single address, not a subnet';
    return 'use an IP address such as 127.0.0.1 or ::1 (host names are not accepted)';
  },
);

const flag = (description: string) =>
  withFix(z.boolean().default(true).describe(description), 'use true or false');

/** Allowed modes of the IPC secret file; strings, because YAML would read 0400 as a number. */
export const secretModeSchema = withFix(
  z.enum(['0400', '0440', '040'], {
    error: (issue) =>
      typeof issue.input === 'number'
        ? `mode is the number ${issue.input}, but must be the string "0400", "0440" or "040"`
        : `mode ${JSON.stringify(issue.input)} is not supported`,
  }),
  (input) =>
    input === 40 || input === 32
      ? 'quote it: `mode: "040"` (unquoted, YAML reads a number)'
      : input === 440 || input === 288
        ? 'quote it: `mode: "0440"` (unquoted, YAML reads a number)'
        : typeof input === 'number'
          ? 'quote it: `mode: "0400"` (unquoted, YAML reads a number)'
          : 'use "0400" (owner may read), "0440" (owner and group may read; needs `group`) or "040" (only the group may read; needs `group`, and root to run NSO)',
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
      .describe(
        'Mode of the secret file: "0400" (owner only), "0440" (owner and group; needs `group`) or "040" (group only; needs `group`; the owner, who runs NSO, cannot read it, so only for NSO run as root).',
      ),
    group: group
      .optional()
      .describe('Group (name or numeric gid) that may read the secret with mode "0440" or "040".'),
  })
  .describe('The IPC access check.');

const ipcTransport = withFix(
  z.enum(['tcp', 'unix'], { error: (issue) => `${describeValue(issue.input)} is not an IPC transport` }),
  'use `tcp` or `unix` (a Unix socket; NSO 6.4 or later)',
);

const socketPath = withFix(
  z.string().min(1),
  "give the socket's path, relative to the spec file; at most 107 bytes once absolute",
);

const sshHostKeys = withFix(
  z.enum(['shared', 'private'], {
    error: (issue) => `${describeValue(issue.input)} is not a host-key choice`,
  }),
  "use `shared` (NSO's own keys) or `private` (a key per instance)",
);

const ports = z
  .strictObject({
    ipc: portNumber.optional().describe('Pinned IPC port (NCS_IPC_PORT).'),
    netconfSsh: portNumber.optional().describe('Pinned NETCONF SSH port.'),
    netconfTcp: portNumber.optional().describe('Pinned NETCONF TCP port.'),
    cliSsh: portNumber.optional().describe('Pinned CLI SSH port.'),
    webuiTcp: portNumber.optional().describe('Pinned Web UI TCP port (when the Web UI listens on TCP).'),
    webuiSsl: portNumber.optional().describe('Pinned Web UI SSL port (when the Web UI listens on SSL).'),
    restconfTcp: portNumber.optional().describe("Pinned port of RESTCONF's own TCP transport."),
    restconfSsl: portNumber.optional().describe("Pinned port of RESTCONF's own SSL transport."),
    ha: portNumber.optional().describe('Pinned port of rule-based HA (when HA is enabled).'),
    callHome: portNumber.optional().describe('Pinned NETCONF call-home port (when call-home is enabled).'),
    haRaft: portNumber.optional().describe("Pinned port of HA Raft's listener (when HA Raft is enabled)."),
    snmp: portNumber.optional().describe('Pinned UDP port of the SNMP agent (when `snmp` is on).'),
  })
  .describe('Ports pinned by hand (any subset); the others are generated from `layout`.');

/** A switch the template decides unless the spec sets it. */
const templateFlag = (description: string) =>
  withFix(
    z.boolean().optional().describe(`${description} Default: as the template says.`),
    'use true or false',
  );

// `what` names the listener(s), `verb` agrees with it: the Web UI listeners bind, the HA listener binds.
const listenAddress = (what: string, verb = 'binds') =>
  address.default('127.0.0.1').describe(`Address the ${what} ${verb} (replaces the template's).`);

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
  ports: absentAsParsed(ports),
  ipc: absentAsParsed(
    z
      .strictObject({
        address: address.default('127.0.0.1').describe('Address the IPC port binds; keep it on loopback.'),
        accessCheck: absentAsParsed(accessCheck),
        transport: ipcTransport
          .default('tcp')
          .describe(
            'How local clients reach NSO: `tcp` (NCS_IPC_ADDR/PORT) or `unix`, a Unix socket (NSO 6.4+, NCS_IPC_PATH).',
          ),
        path: socketPath
          .optional()
          .describe(
            "The Unix socket with `transport: unix`, relative to the spec's folder. Default: <workdir>/<name>/ipc.sock.",
          ),
      })
      .describe('The IPC listener, used by ncs control commands and every client library.'),
  ),
  netconf: absentAsParsed(
    z
      .strictObject({
        ssh: flag('Whether NETCONF over SSH listens.'),
        tcp: flag('Whether NETCONF over plain TCP listens.'),
        address: address.default('127.0.0.1').describe('Address the NETCONF listeners bind.'),
      })
      .describe('The NETCONF northbound listeners.'),
  ),
  cli: absentAsParsed(
    z
      .strictObject({
        ssh: flag('Whether the CLI over SSH listens.'),
        address: address.default('127.0.0.1').describe('Address the CLI SSH listener binds.'),
      })
      .describe('The CLI SSH listener.'),
  ),
  webui: z
    .strictObject({
      tcp: templateFlag('Whether the Web UI listens on TCP.'),
      ssl: templateFlag('Whether the Web UI listens on SSL.'),
      address: listenAddress('Web UI listeners', 'bind'),
    })
    .describe('The Web UI listeners (webui/transport).')
    .optional(),
  restconf: z
    .strictObject({
      tcp: templateFlag("Whether RESTCONF's own TCP transport listens."),
      ssl: templateFlag("Whether RESTCONF's own SSL transport listens."),
      address: listenAddress('RESTCONF listeners', 'bind'),
    })
    .describe("RESTCONF's own transports (restconf/transport); RESTCONF otherwise rides on the Web UI ports.")
    .optional(),
  callHome: z
    .strictObject({
      enabled: templateFlag('Whether the NETCONF call-home client listens.'),
      address: listenAddress('call-home listener'),
    })
    .describe('The NETCONF call-home listener (netconf-call-home).')
    .optional(),
  ha: z
    .strictObject({
      enabled: templateFlag('Whether rule-based HA listens.'),
      address: listenAddress('HA listener'),
    })
    .describe('The rule-based HA listener (ha).')
    .optional(),
  haRaft: z
    .strictObject({
      enabled: templateFlag('Whether HA Raft listens (ha-raft/enabled).'),
      address: listenAddress('HA Raft listener').describe(
        "Address HA Raft's listener binds, the host part of its node address (never 0.0.0.0 or ::).",
      ),
    })
    .describe("HA Raft's listener (ha-raft/listen); seed nodes are the project's other HA Raft instances.")
    .optional(),
  snmp: snmpSetting(listenAddress('SNMP agent (UDP)')),
  ssh: absentAsParsed(
    z
      .strictObject({
        hostKeys: sshHostKeys
          .default('shared')
          .describe(
            "`shared`: NSO's own host keys ($NCS_DIR/etc/ncs/ssh); `private`: an ed25519 key generated once into <runDir>/ssh.",
          ),
      })
      .describe('SSH host keys of the NETCONF and CLI SSH servers.'),
  ),
  container: z
    .strictObject({
      image: withFix(
        z.string().min(1),
        'give the NSO image with its tag, e.g. `cisco-nso-prod:6.4.1` (load it with `docker load` first)',
      ).describe(
        'The NSO container image, e.g. cisco-nso-prod:6.4.1; required by `export compose` and `export k8s`.',
      ),
    })
    .describe('How `export` runs the instance in a container.')
    .optional(),
  ...runDirContentsShape,
  ...netsimShape,
};

const NAME_RULE: TokenRule = {
  key: 'name',
  allowed: /^[A-Za-z0-9_-]$/,
  allowedText: 'letters, digits, "-" and "_"',
  max: 63,
  example: 'nso1',
  why: 'it names the run folder and the env file',
};

const name = withFix(z.string().regex(/^[A-Za-z0-9_-]{1,63}$/), tokenFix(NAME_RULE), (input) =>
  tokenMessage(input, NAME_RULE),
);

/** One entry of `instances`. */
export const instanceSchema = withFix(
  z
    .strictObject({
      name: name.describe('Instance name: 1–63 letters, digits, "-" or "_"; unique.'),
      ...instanceSettingsShape,
      dependsOn: withFix(z.array(z.string().min(1)), 'list instance names, e.g. `dependsOn: [nso1]`')
        .default([])
        .describe(
          'Instances this one starts after, once they are healthy (in `export compose` and `export k8s`).',
        ),
      lsa: z
        .strictObject({
          lower: withFix(
            z.array(z.string().min(1)).min(1),
            'list the lower nodes by instance name, e.g. `lsa: { lower: [lower1, lower2] }`',
          ).describe('The instances of this spec that are its lower nodes.'),
        })
        .describe(
          'Makes the instance an LSA upper node: its lower nodes start first, and it gets them as cluster remote nodes and devices, synced.',
        )
        .optional(),
    })
    .describe('One NSO instance.'),
  (input) => {
    if (input === null) return 'remove the empty item';
    if (typeof input === 'string') return `give the instance as a mapping: \`- name: ${input}\``;
    return 'give the instance as a mapping, e.g. `- name: nso1`';
  },
);

/** The `defaults` block: instance keys deep-merged under every instance. */
export const defaultsSchema = z
  .strictObject(instanceSettingsShape)
  .describe('Instance keys deep-merged under every instance (all but `name`, `dependsOn` and `lsa`).')
  .prefault({});

export type InstanceInput = z.input<typeof instanceSchema>;
export type InstanceSettings = z.output<typeof instanceSchema>;
