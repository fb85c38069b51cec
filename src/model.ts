// The data that flows through nso-multi: a validated spec in, a plan out. Plain data, no behaviour.

import type { ListenerKey, ListenerProtocol } from './nso/listeners.js';
import type { NetsimDevicePorts, NetsimPortKey } from './nso/netsim-ports.js';

/** A port per listener; null where the listener is disabled. */
export type Ports = Record<ListenerKey, number | null>;

/** The ncs.conf lists that give a listener more ip:port pairs: `extra-listen`, `ha-primary-listen`. */
export type AdditionalListenKind = 'extraListen' | 'haPrimaryListen';

/** A stable id of one such entry: parent listener, list, 1-based position in the template (`cliSsh.extraListen.1`). */
export type AdditionalListenerId = `${ListenerKey}.${AdditionalListenKind}.${number}`;

/** What the allocator gives a port: a catalog listener (with a home slot), an additional listener, or a port of
 * the instance's netsim devices. */
export type AllocationKey = ListenerKey | AdditionalListenerId | NetsimPortKey;

/** One instance's allocated ports by allocation key. */
export type AllocatedPorts = Partial<Record<ListenerKey, number>> & {
  [id: AdditionalListenerId]: number;
  [key: NetsimPortKey]: number;
};

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
  /** Netsim device networks (`ncs-netsim create-network`), in spec order; absent or empty: none. */
  netsim?: NetsimNetwork[];
  /** An LSA upper node: the instances that are its lower nodes. Absent: not an upper node. */
  lsa?: { lower: string[] };
}

/** One network of simulated devices: `count` devices of one NED, named `<prefix>0`, `<prefix>1`, … */
export interface NetsimNetwork {
  /** The NED package folder, absolute. */
  ned: string;
  count: number;
  prefix: string;
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

/** One simulated device. */
export interface NetsimDevicePlan {
  /** `<prefix><index>`, as ncs-netsim names it. */
  name: string;
  prefix: string;
  /** The NED package folder, absolute. */
  ned: string;
  ports: NetsimDevicePorts;
}

/** An instance's network: one ncs-netsim folder holding every device of its `netsim` entries. */
export interface NetsimPlan {
  dir: string;
  /** The first port of the block (IPC of the first device); the kinds follow each other, `devices.length` each. */
  base: number;
  devices: NetsimDevicePlan[];
  /** The networks as the spec gives them, in order: what `create-network` is called with. */
  networks: NetsimNetwork[];
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
  /** The instance's netsim devices (`netsim` in the spec); absent: none. */
  netsim?: NetsimPlan;
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
