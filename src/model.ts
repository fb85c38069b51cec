// The data that flows through nso-multi: a validated spec in, a plan out. Plain data, no behaviour.

/** Every listener nso-multi allocates a port for, with its fixed offset inside an instance's block (null: no
 * room in a block, so the port comes from the overflow area after the last block). Offset 6 is kept for SNMP. */
export const LISTENERS = [
  { key: 'ipc', offset: 0, label: 'IPC', envVar: 'NCS_IPC_PORT', protocol: 'tcp' },
  {
    key: 'netconfSsh',
    offset: 1,
    label: 'NETCONF SSH',
    envVar: 'NSO_MULTI_NETCONF_SSH_PORT',
    protocol: 'tcp',
  },
  {
    key: 'netconfTcp',
    offset: 2,
    label: 'NETCONF TCP',
    envVar: 'NSO_MULTI_NETCONF_TCP_PORT',
    protocol: 'tcp',
  },
  { key: 'cliSsh', offset: 3, label: 'CLI SSH', envVar: 'NSO_MULTI_CLI_SSH_PORT', protocol: 'tcp' },
  { key: 'webuiTcp', offset: 4, label: 'Web UI TCP', envVar: 'NSO_MULTI_WEBUI_TCP_PORT', protocol: 'tcp' },
  { key: 'webuiSsl', offset: 5, label: 'Web UI SSL', envVar: 'NSO_MULTI_WEBUI_SSL_PORT', protocol: 'tcp' },
  // SNMP's agent port is UDP and comes from snmp_init.xml on the load path, not from ncs.conf.
  { key: 'snmp', offset: 6, label: 'SNMP', envVar: 'NSO_MULTI_SNMP_PORT', protocol: 'udp' },
  {
    key: 'restconfTcp',
    offset: 7,
    label: 'RESTCONF TCP',
    envVar: 'NSO_MULTI_RESTCONF_TCP_PORT',
    protocol: 'tcp',
  },
  {
    key: 'restconfSsl',
    offset: 8,
    label: 'RESTCONF SSL',
    envVar: 'NSO_MULTI_RESTCONF_SSL_PORT',
    protocol: 'tcp',
  },
  { key: 'ha', offset: 9, label: 'HA', envVar: 'NSO_MULTI_HA_PORT', protocol: 'tcp' },
  {
    key: 'callHome',
    offset: null,
    label: 'NETCONF call-home',
    envVar: 'NSO_MULTI_CALL_HOME_PORT',
    protocol: 'tcp',
  },
  // HA Raft's Distributed Erlang listener: rendered as a one-port listen range (6.2-6.6) or a port (6.7+).
  { key: 'haRaft', offset: null, label: 'HA Raft', envVar: 'NSO_MULTI_HA_RAFT_PORT', protocol: 'tcp' },
] as const;

/** The listeners an instance has only when its template (or its spec) enables them. */
export const EXTRA_LISTENER_KEYS = [
  'webuiTcp',
  'webuiSsl',
  'restconfTcp',
  'restconfSsl',
  'ha',
  'callHome',
  'haRaft',
] as const;

export type ExtraListenerKey = (typeof EXTRA_LISTENER_KEYS)[number];

/** The spec group holding a template-decided listener's switch and its address (`webui: { tcp, ssl, address }`). */
export type ExtraListenerGroup = 'webui' | 'restconf' | 'ha' | 'callHome' | 'haRaft';

/** Where the spec switches each template-decided listener: `<group>.<flag>`; its address is `<group>.address`. */
export const EXTRA_LISTENER_SWITCHES: Record<
  ExtraListenerKey,
  { group: ExtraListenerGroup; flag: 'tcp' | 'ssl' | 'enabled' }
> = {
  webuiTcp: { group: 'webui', flag: 'tcp' },
  webuiSsl: { group: 'webui', flag: 'ssl' },
  restconfTcp: { group: 'restconf', flag: 'tcp' },
  restconfSsl: { group: 'restconf', flag: 'ssl' },
  ha: { group: 'ha', flag: 'enabled' },
  callHome: { group: 'callHome', flag: 'enabled' },
  haRaft: { group: 'haRaft', flag: 'enabled' },
};

export type ListenerKey = (typeof LISTENERS)[number]['key'];

export type ListenerProtocol = (typeof LISTENERS)[number]['protocol'];

export const LISTENER_KEYS: readonly ListenerKey[] = LISTENERS.map((l) => l.key);

/** A port per listener; null where the listener is disabled. */
export type Ports = Record<ListenerKey, number | null>;

/** The ncs.conf lists that give a listener more ip:port pairs: `extra-listen`, `ha-primary-listen`. */
export type AdditionalListenKind = 'extraListen' | 'haPrimaryListen';

/** A stable id of one such entry: parent listener, list, 1-based position in the template (`cliSsh.extraListen.1`). */
export type AdditionalListenerId = `${ListenerKey}.${AdditionalListenKind}.${number}`;

/** What the allocator gives a port: a catalog listener (with a home slot) or an additional listener. */
export type AllocationKey = ListenerKey | AdditionalListenerId;

/** One instance's allocated ports by allocation key. */
export type AllocatedPorts = Partial<Record<ListenerKey, number>> & { [id: AdditionalListenerId]: number };

/** One extra-listen / ha-primary-listen entry of an instance's template whose parent listener is on. */
export interface AdditionalListenSpec {
  id: AdditionalListenerId;
  parent: ListenerKey;
  kind: AdditionalListenKind;
  /** 1-based position among the parent's entries of this list in the template. */
  index: number;
  /** Where it binds: the template's ip, or the parent listener's address where the template has a wildcard. */
  address: string;
  /** The ip as the template wrote it. */
  templateAddress: string;
}

/** An additional listener with the port allocated to it and the env variable that carries it. */
export interface AdditionalListenerPlan extends AdditionalListenSpec {
  port: number;
  envVar: string;
}

/** NSO's own ports, as ranges [first, last]: never generated, so a default NSO and its tools keep working. */
export const NSO_DEFAULT_PORT_RANGES: readonly (readonly [number, number])[] = [
  // IPC, NETCONF SSH/TCP, CLI SSH, call-home, rule-based HA (ncs.conf's schema defaults).
  [4569, 4569],
  [2022, 2024],
  [4334, 4334],
  [4570, 4570],
  // Web UI TCP/SSL (8080 as ncs-setup writes it, 8008 the schema's), RESTCONF's own TCP/SSL.
  [8080, 8080],
  [8008, 8009],
  [8888, 8889],
  // epmd, which NSO starts for HA Raft, and HA Raft's Erlang distribution ports before 6.7.
  [4369, 4369],
  [4370, 4399],
  // ncs-netsim's default bases (IPC, CLI SSH, SNMP, NETCONF SSH, NETCONF TCP); device i gets base + i, so a
  // block of 100 each leaves room for 100 devices.
  [5010, 5109],
  [10022, 10121],
  [11022, 11121],
  [12022, 12121],
  [13022, 13121],
];

/** Every port of NSO_DEFAULT_PORT_RANGES, in that order. */
export const NSO_DEFAULT_PORTS: readonly number[] = NSO_DEFAULT_PORT_RANGES.flatMap(([first, last]) =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i),
);

/** "0400": the owner reads; "0440": the owner and a group read; "040": only a group reads (the owner, who
 * runs NSO, then cannot: only usable when root renders and runs NSO). */
export type SecretMode = '0400' | '0440' | '040';

/** The permission bits of each secret mode. */
export const SECRET_MODE_BITS: Readonly<Record<SecretMode, number>> = {
  '0400': 0o400,
  '0440': 0o440,
  '040': 0o040,
};

export interface AccessCheckSpec {
  enabled: boolean;
  mode: SecretMode;
  /** Group name or numeric gid; required with modes "0440" and "040". */
  group?: string | number;
}

/** One instance after defaults were applied; paths are absolute. */
export interface InstanceSpec {
  name: string;
  template: string;
  /** Ports the user pinned; used exactly or the run fails. */
  ports: Partial<Record<ListenerKey, number>>;
  ipc: {
    address: string;
    accessCheck: AccessCheckSpec;
    /** How local clients reach the daemon: TCP (default) or, NSO 6.4+, a Unix socket (ncs-local-ipc). */
    transport?: IpcTransport;
    /** The Unix socket, absolute, when the spec gives one; default `<runDir>/ipc.sock`. */
    path?: string;
  };
  netconf: { ssh: boolean; tcp: boolean; address: string };
  cli: { ssh: boolean; address: string };
  /** Listeners the template may enable; a flag left out is decided by the template, the address is where
   * nso-multi binds it (default 127.0.0.1). Absent: the template decides, on 127.0.0.1. */
  webui?: { tcp?: boolean; ssl?: boolean; address: string };
  restconf?: { tcp?: boolean; ssl?: boolean; address: string };
  callHome?: { enabled?: boolean; address: string };
  ha?: { enabled?: boolean; address: string };
  /** HA Raft's listener (template-decided like the above). */
  haRaft?: { enabled?: boolean; address: string };
  /** SNMP agent: true gives the instance its own UDP port and snmp_init.xml; false (default) drops the shared
   * snmp folder from the load path so no instance opens the port every ncs-setup file shares. */
  snmp?: { enabled: boolean; address: string };
  /** SSH host keys: NSO's shared ones (default) or a private pair generated into `<runDir>/ssh`. */
  ssh?: { hostKeys: SshHostKeys };
  /** Package folders put into the run dir's packages/ (absolute); absent or empty: none. */
  packages?: string[];
  /** Copy the packages instead of linking them (relative symlinks); default false. */
  copyPackages?: boolean;
  /** XML files copied into ncs-cdb/ (absolute), which NSO loads into an empty CDB; absent or empty: none. */
  cdbInit?: string[];
  /** Set when the template is settled: its extra-listen / ha-primary-listen entries under listeners that are
   * on (each gets its own port), and its ncs-ipc-extra-listen-ip addresses (the IPC port on more addresses). */
  additionalListen?: AdditionalListenSpec[];
  ipcExtraAddresses?: string[];
  /** What `export compose` / `export k8s` run the instance as: the NSO image; absent when the spec gives none. */
  container?: { image: string };
  /** Instances this one starts after (`dependsOn`); absent or empty: none. */
  dependsOn?: string[];
}

export type IpcTransport = 'tcp' | 'unix';

export type SshHostKeys = 'shared' | 'private';

/** Where generated ports come from: instance i (1-based) owns [base + i*stride, base + (i+1)*stride). */
export interface PortLayout {
  base: number;
  stride: number;
}

/** A validated spec with defaults applied; every path is absolute. */
export interface Spec {
  /** The spec file, absolute. */
  file: string;
  /** The folder relative paths in the spec are resolved against. */
  dir: string;
  project: string;
  workdir: string;
  envDir: string;
  nso: { version?: string };
  /** `sim`, an absolute path to ncs, or a command name to look up on PATH. */
  ncs: { command?: string };
  layout: PortLayout;
  instances: InstanceSpec[];
}

/** One listener of one instance with the address it binds. */
export interface ListenerPlan {
  key: ListenerKey;
  address: string;
  port: number;
}

/** Why a previously assigned or preferred port was not used. */
export interface PortMove {
  instance: string;
  key: AllocationKey;
  from: number;
  to: number;
  reason: string;
}

/** Everything nso-multi will write and run for one instance; paths absolute. */
export interface InstancePlan {
  name: string;
  runDir: string;
  ncsConf: string;
  envFile: string;
  /** The IPC access-check secret; null when the check is disabled. */
  secretFile: string | null;
  ports: Ports;
  listeners: ListenerPlan[];
  /** The template's extra-listen / ha-primary-listen entries, each with its own port; absent: none. */
  additionalListeners?: AdditionalListenerPlan[];
  /** The env file's variables in file order. */
  env: Record<string, string>;
  /** Variables the env file unsets, so one sourced earlier for another instance cannot leak into this one. */
  unset: string[];
  spec: InstanceSpec;
}

export interface Plan {
  project: string;
  specFile: string;
  workdir: string;
  envDir: string;
  stateFile: string;
  nsoVersion: string;
  instances: InstancePlan[];
  moves: PortMove[];
}

/** What a port check found: free to bind, taken by someone, or the address/family does not exist here. */
/** The state file's name inside the workdir: where nso-multi remembers a project between runs. */
export const STATE_FILE_NAME = 'state.json';

export type ProbeResult = 'free' | 'taken' | 'unavailable';

/** Checks whether a TCP port can be bound on an address, the way NSO will bind it. */
export interface PortProbe {
  /** `protocol` defaults to TCP; SNMP's port is probed as UDP. */
  probe(address: string, port: number, protocol?: ListenerProtocol): Promise<ProbeResult>;
}

/** The OS range for outgoing connections' local ports: never hand those out. */
export interface PortRange {
  low: number;
  high: number;
}
