// `status`: whether each rendered instance runs, with its pid, its ports, whether each port accepts
// connections and whether its IPC secret file is still the one it started with. Reads only the state file and
// the OS; `up --json` prints the same document.
import { basename, dirname } from 'node:path';
import { isListening, isSocketListening, isUdpBound } from '../host/port-listening.js';
import { isAlive } from '../host/process-identity.js';
import type { Ports } from '../model.js';
import { type EpmdStatus, epmdStatus } from '../ncs/epmd.js';
import { readInstanceNode } from '../ncs/ha-raft-node.js';
import { deviceRuns } from '../ncs/netsim.js';
import { isSimulatorCommand } from '../ncs/sim-bin-path.js';
import type { HaRaftRole } from '../nso/ha-raft-status.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENER_KEYS } from '../nso/listeners.js';
import type { NetsimDevicePorts } from '../nso/netsim-ports.js';
import {
  type ProjectStateOptions,
  readProjectState,
  selectRecordedInstances,
} from '../state/project-state.js';
import type { InstanceState, NetsimState } from '../state/state-document.js';
import { type AdditionalListenerStatus, additionalListenerStatus } from './additional-listener-status.js';
import { checkSecretDrift, type SecretDrift } from './secret-drift.js';

export interface StatusOptions extends ProjectStateOptions {
  /** Instances to report; all recorded ones when empty or absent. */
  names?: readonly string[];
}

export type InstanceStatusValue = 'running' | 'stopped' | 'failed';

export interface InstanceStatus {
  name: string;
  status: InstanceStatusValue;
  /** The daemon's pid while it runs (or a failed one that still does); null otherwise. */
  pid: number | null;
  ports: Ports;
  /** Per enabled listener, whether a connect succeeded (to the Unix socket for local IPC); null where the
   * listener is disabled. */
  listening: Record<ListenerKey, boolean | null>;
  /** The template's extra-listen / ha-primary-listen entries with their ports and whether each accepts. */
  additionalListeners: AdditionalListenerStatus[];
  envFile: string;
  ncsConf: string;
  runDir: string;
  /** Why it failed, when status is failed. */
  error?: string;
  /** A running daemon whose IPC secret file was removed or replaced since it started: clients are refused. */
  secretDrift?: SecretDrift;
  /** An HA Raft node: its cluster, its role now and the leader it knows (an instance name where the leader is
   * one of the project's). Role and leader are null while the node does not run. */
  haRaft?: HaRaftStatus;
  /** The instance's netsim network: its folder and each device with its ports and whether it runs. */
  netsim?: NetsimStatus;
}

export interface NetsimStatus {
  dir: string;
  devices: { name: string; ports: NetsimDevicePorts; running: boolean }[];
}

export interface HaRaftStatus {
  cluster: string;
  role: HaRaftRole | null;
  leader: string | null;
  /** Why the role could not be read from a running node. */
  error?: string;
}

export interface StatusDocument {
  project: string;
  instances: InstanceStatus[];
  /** epmd (port 4369), when one of the instances is an HA Raft node: NSO starts it, and it outlives them. */
  epmd?: EpmdStatus;
}

async function processStatus(
  entry: InstanceState,
): Promise<{ status: InstanceStatusValue; pid: number | null; error?: string }> {
  const runtime = entry.runtime;
  if (runtime === undefined || runtime.status === 'stopped') return { status: 'stopped', pid: null };
  const alive = await isAlive(runtime);
  if (runtime.status === 'failed') {
    const error = runtime.error ?? 'failed to start';
    return { status: 'failed', pid: alive ? runtime.pid : null, error };
  }
  if (alive) return { status: 'running', pid: runtime.pid };
  return { status: 'failed', pid: null, error: `the daemon (pid ${runtime.pid}) is gone` };
}

async function listenerStatus(entry: InstanceState): Promise<Record<ListenerKey, boolean | null>> {
  const checks = LISTENER_KEYS.map(async (key) => {
    const listener = entry.listeners?.find((l) => l.key === key);
    const port = listener?.port ?? entry.ports[key];
    // IPC over a Unix socket (NSO 6.4+ local IPC) has no port: the socket its env names must accept.
    const socket = key === 'ipc' ? entry.env.NCS_IPC_PATH : undefined;
    if (port === undefined && socket !== undefined) return [key, await isSocketListening(socket)] as const;
    if (port === undefined) return [key, null] as const;
    const address = listener?.address ?? '127.0.0.1';
    // SNMP's agent port is UDP: bound, not accepting.
    if (key === 'snmp') return [key, await isUdpBound(address, port)] as const;
    return [key, await isListening(address, port)] as const;
  });
  return Object.fromEntries(await Promise.all(checks)) as Record<ListenerKey, boolean | null>;
}

// An HA Raft node's role and leader, asked of the node itself (ncs_cmd) while it runs.
async function haRaftStatus(
  entry: InstanceState,
  running: boolean,
  instanceOfNode: (node: string) => string | undefined,
): Promise<HaRaftStatus | undefined> {
  if (entry.haRaft === undefined) return undefined;
  const cluster = entry.haRaft.cluster;
  if (!running || entry.runtime === undefined) return { cluster, role: null, leader: null };
  const view = await readInstanceNode(entry);
  if ('error' in view) return { cluster, role: null, leader: null, error: view.error };
  const leader = view.leader === null ? null : (instanceOfNode(view.leader) ?? view.leader);
  return { cluster, role: view.role, leader };
}

// The status of one recorded instance: its process and its listeners, checked in parallel. `instanceOfNode`
// names the project's instance of an HA Raft node address.
export async function instanceStatus(
  name: string,
  entry: InstanceState,
  instanceOfNode: (node: string) => string | undefined = () => undefined,
): Promise<InstanceStatus> {
  const [daemon, listening, additionalListeners, drift] = await Promise.all([
    processStatus(entry),
    listenerStatus(entry),
    additionalListenerStatus(entry),
    checkSecretDrift(name, entry),
  ]);
  const raft = await haRaftStatus(entry, daemon.status === 'running', instanceOfNode);
  const netsim = entry.netsim === undefined ? undefined : await netsimStatus(entry.netsim);
  const ports = Object.fromEntries(LISTENER_KEYS.map((key) => [key, entry.ports[key] ?? null])) as Ports;
  const { error, ...rest } = daemon;
  return {
    name,
    ...rest,
    ports,
    listening,
    additionalListeners,
    envFile: entry.envFile,
    ncsConf: entry.ncsConf,
    runDir: entry.runDir,
    ...(error === undefined ? {} : { error }),
    ...(drift !== undefined && daemon.status === 'running' ? { secretDrift: drift } : {}),
    ...(raft === undefined ? {} : { haRaft: raft }),
    ...(netsim === undefined ? {} : { netsim }),
  };
}

// Each device of the network, running when its ConfD answers on its IPC port.
async function netsimStatus(netsim: NetsimState): Promise<NetsimStatus> {
  const devices = await Promise.all(
    netsim.devices.map(async (device) => ({
      name: device.name,
      ports: device.ports,
      running: await deviceRuns(device),
    })),
  );
  return { dir: netsim.dir, devices };
}

// The status of the selected instances of a project: every recorded one unless `names` narrows it.
export async function status(options: StatusOptions = {}): Promise<StatusDocument> {
  const project = await readProjectState({ ...options, isSimulator: isSimulatorCommand });
  const selected = selectRecordedInstances(project, options.names);
  const nodes = new Map(
    Object.entries(project.state?.instances ?? {}).flatMap(([name, entry]) =>
      entry.haRaft ? [[entry.haRaft.node, name] as const] : [],
    ),
  );
  const [instances, epmd] = await Promise.all([
    Promise.all(selected.map(({ name, entry }) => instanceStatus(name, entry, (node) => nodes.get(node)))),
    epmdStatus(selected.map((s) => s.entry)),
  ]);
  // Before the first render only the spec's folder name is known without loading the spec.
  const name = project.state?.project ?? basename(dirname(project.specFile));
  return { project: name, instances, ...(epmd ? { epmd } : {}) };
}
