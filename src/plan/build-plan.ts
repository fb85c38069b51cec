// Turns a spec and its allocated ports into the plan: every path, port and env variable per instance.
import { isAbsolute, join, sep } from 'node:path';
import type {
  AllocatedPorts,
  InstancePlan,
  InstanceSpec,
  ListenerPlan,
  Plan,
  PortMove,
  Ports,
  Spec,
} from '../model.js';
import { STATE_FILE_NAME } from '../model.js';
import { STRAY_IPC_VARS } from '../nso/ipc-client-vars.js';
import { ipcSocketPath, usesAccessCheck } from '../nso/ipc-socket.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENERS, TEMPLATE_LISTENER_KEYS } from '../nso/listeners.js';
import { additionalListenerPlans, unsetForeignAdditional } from './additional-listeners-plan.js';
import { HA_RAFT_LEADER_VAR, haRaftNodeAddress } from './ha-raft-nodes.js';
import { NETSIM_DIR_VAR, netsimPlan } from './netsim-plan.js';
import { type NodeNameOwner, nodeName } from './node-name.js';
import { specSwitch, templateListenerAddress } from './template-listeners.js';

const TEMPLATE_LISTENERS = LISTENERS.filter((l) =>
  (TEMPLATE_LISTENER_KEYS as readonly string[]).includes(l.key),
);
// Its variable is exported and unset like the template-decided ones.
const SNMP_LISTENER = LISTENERS.find((l) => l.key === 'snmp')!;
const TEMPLATE_LISTENERS_AND_SNMP = [...TEMPLATE_LISTENERS, SNMP_LISTENER];

export const SECRET_FILE_NAME = 'ipc_access';

// Which listeners an instance enables, with the address each binds.
export function enabledListeners(instance: InstanceSpec): { key: ListenerKey; address: string }[] {
  // Pushed one by one rather than filtered from a table: this runs once per instance in every plan, mostly
  // before the JIT has warmed up, and the table's throw-away objects were a visible share of planning 1000.
  const on: { key: ListenerKey; address: string }[] = [];
  // IPC over a Unix socket takes no TCP port.
  if (instance.ipc.transport !== 'unix') on.push({ key: 'ipc', address: instance.ipc.address });
  if (instance.netconf.ssh) on.push({ key: 'netconfSsh', address: instance.netconf.address });
  if (instance.netconf.tcp) on.push({ key: 'netconfTcp', address: instance.netconf.address });
  if (instance.cli.ssh) on.push({ key: 'cliSsh', address: instance.cli.address });
  // Template listeners count only once settled (settleTemplateListenerChoices) to true.
  for (const key of TEMPLATE_LISTENER_KEYS) {
    if (specSwitch(instance, key) === true) on.push({ key, address: templateListenerAddress(instance, key) });
  }
  // SNMP's agent (UDP) only when the spec switches it on.
  if (instance.snmp?.enabled === true)
    on.push({ key: 'snmp', address: instance.snmp.address ?? '127.0.0.1' });
  return on;
}

// The variables of an instance's env file: what `ncs`, `ncs_cli` and the APIs read, plus nso-multi's own.
export function instanceEnv(
  owner: NodeNameOwner,
  instance: Omit<InstancePlan, 'env' | 'unset'>,
): { env: Record<string, string>; unset: string[] } {
  const port = (p: number | null) => (p === null ? '' : String(p));
  const socket = ipcSocketPath(instance.spec.ipc, instance.runDir);
  const env: Record<string, string> =
    socket === null
      ? { NCS_IPC_ADDR: instance.spec.ipc.address, NCS_IPC_PORT: port(instance.ports.ipc) }
      : { NCS_IPC_PATH: socket };
  if (instance.secretFile !== null) env.NCS_IPC_ACCESS_FILE = instance.secretFile;
  env.NSO_MULTI_PROJECT = owner.project;
  env.NSO_MULTI_INSTANCE = instance.name;
  env.NSO_MULTI_RUN_DIR = instance.runDir;
  env.NSO_MULTI_NCS_CONF = instance.ncsConf;
  env.NSO_MULTI_NETCONF_SSH_PORT = port(instance.ports.netconfSsh);
  env.NSO_MULTI_NETCONF_TCP_PORT = port(instance.ports.netconfTcp);
  env.NSO_MULTI_CLI_SSH_PORT = port(instance.ports.cliSsh);
  // Template listeners: exported when on; unset when off, so another instance's port cannot linger.
  // Written straight into env (no temporary objects to spread): this runs once per instance of every plan.
  const templateListenersOff: string[] = [];
  for (const { key, envVar } of TEMPLATE_LISTENERS_AND_SNMP) {
    const value = instance.ports[key];
    if (value === null) templateListenersOff.push(envVar);
    else env[envVar] = String(value);
  }
  // HA Raft's node address, as the other nodes' seed-node entries and `ha-raft create-cluster` name it.
  const raft = instance.listeners.find((l) => l.key === 'haRaft');
  if (raft === undefined) templateListenersOff.push('NSO_MULTI_HA_RAFT_NODE', HA_RAFT_LEADER_VAR);
  else env.NSO_MULTI_HA_RAFT_NODE = haRaftNodeAddress(owner, instance.name, raft.address);
  for (const l of instance.additionalListeners ?? []) env[l.envVar] = String(l.port);
  // ncs-netsim's commands find the instance's network by it, and no other instance's network.
  if (instance.netsim === undefined) templateListenersOff.push(NETSIM_DIR_VAR);
  else env[NETSIM_DIR_VAR] = instance.netsim.dir;
  // The Erlang node name: also for a daemon started by hand from this file, so it never takes another's.
  env.sname = nodeName(owner, instance.name);
  // Local IPC is checked by Unix UID: no secret, and ADDR/PORT left over from another instance must go.
  if (socket !== null) {
    const unset = ['NCS_IPC_ADDR', 'NCS_IPC_PORT', 'NCS_IPC_ACCESS_FILE', ...STRAY_IPC_VARS];
    return { env, unset: [...unset, ...templateListenersOff] };
  }
  // NCS_IPC_PATH wins over ADDR/PORT in every client; a leftover access file breaks a daemon without the check.
  const unset = instance.secretFile === null ? ['NCS_IPC_PATH', 'NCS_IPC_ACCESS_FILE'] : ['NCS_IPC_PATH'];
  return { env, unset: [...unset, ...STRAY_IPC_VARS, ...templateListenersOff] };
}

/** A name join() would append unchanged: one path segment, not `.` or `..`. */
const PLAIN_SEGMENT = /^(?!\.\.?$)[A-Za-z0-9._-]+$/;

// join(dir, name) for a dir join() already normalized. A plan makes four paths per instance and join()
// normalizes the whole path each time, a noticeable share of planning 1000 instances; instance names are
// plain segments (the schema allows letters, digits, "-" and "_"), so they are appended as they are.
function childPath(normalizedDir: string, name: string): string {
  if (!isAbsolute(normalizedDir) || !PLAIN_SEGMENT.test(name)) return join(normalizedDir, name);
  return normalizedDir.endsWith(sep) ? `${normalizedDir}${name}` : `${normalizedDir}${sep}${name}`;
}

// Every listener's port (null when off), in catalog order (LISTENER_KEYS), written as one literal.
function portsOf(got: Readonly<AllocatedPorts>): Ports {
  return {
    ipc: got.ipc ?? null,
    netconfSsh: got.netconfSsh ?? null,
    netconfTcp: got.netconfTcp ?? null,
    cliSsh: got.cliSsh ?? null,
    webuiTcp: got.webuiTcp ?? null,
    webuiSsl: got.webuiSsl ?? null,
    snmp: got.snmp ?? null,
    restconfTcp: got.restconfTcp ?? null,
    restconfSsl: got.restconfSsl ?? null,
    ha: got.ha ?? null,
    callHome: got.callHome ?? null,
    haRaft: got.haRaft ?? null,
  };
}

// Builds the plan of every instance of the spec from the ports the allocator assigned.
export function buildPlan(
  spec: Spec,
  assigned: Readonly<Record<string, AllocatedPorts>>,
  moves: PortMove[],
  nsoVersion: string,
): Plan {
  const workdir = join(spec.workdir);
  const envDir = join(spec.envDir);
  const instances = spec.instances.map((instance): InstancePlan => {
    const runDir = childPath(workdir, instance.name);
    const got = assigned[instance.name] ?? {};
    const listeners: ListenerPlan[] = enabledListeners(instance).map((l) => {
      const port = got[l.key];
      if (port === undefined) throw new Error(`internal: no port allocated for ${instance.name}.${l.key}`);
      return { key: l.key, address: l.address, port };
    });
    const additionalListeners = additionalListenerPlans(instance, got);
    // Object literals of one shape rather than spreads and a keyed fill: this runs once per instance, mostly
    // before the JIT has warmed up, where spreads and megamorphic keyed stores cost a lot per call.
    const common = {
      name: instance.name,
      runDir,
      ncsConf: childPath(runDir, 'ncs.conf'),
      envFile: childPath(envDir, `.env.${instance.name}`),
      secretFile: usesAccessCheck(instance) ? childPath(runDir, SECRET_FILE_NAME) : null,
      ports: portsOf(got),
      listeners,
    };
    const netsim = netsimPlan(instance.netsim, runDir, got);
    const withLists = additionalListeners.length > 0 ? { ...common, additionalListeners } : common;
    const base =
      netsim === undefined ? { ...withLists, spec: instance } : { ...withLists, netsim, spec: instance };
    const { env, unset } = instanceEnv(spec, base);
    return { ...base, env, unset };
  });
  return {
    project: spec.project,
    specFile: spec.file,
    workdir: spec.workdir,
    envDir: spec.envDir,
    stateFile: join(spec.workdir, STATE_FILE_NAME),
    nsoVersion,
    instances: unsetForeignAdditional(instances),
    moves,
  };
}
