// Turns a spec and its allocated ports into the plan: every path, port and env variable per instance.
import { join } from 'node:path';
import type {
  InstancePlan,
  InstanceSpec,
  ListenerKey,
  ListenerPlan,
  Plan,
  PortMove,
  Ports,
  Spec,
} from '../model.js';
import { LISTENER_KEYS } from '../model.js';

export const STATE_FILE_NAME = 'state.json';
export const SECRET_FILE_NAME = 'ipc_access';

// Which listeners an instance enables, with the address each binds.
export function enabledListeners(instance: InstanceSpec): { key: ListenerKey; address: string }[] {
  const all: { key: ListenerKey; address: string; on: boolean }[] = [
    { key: 'ipc', address: instance.ipc.address, on: true },
    { key: 'netconfSsh', address: instance.netconf.address, on: instance.netconf.ssh },
    { key: 'netconfTcp', address: instance.netconf.address, on: instance.netconf.tcp },
    { key: 'cliSsh', address: instance.cli.address, on: instance.cli.ssh },
  ];
  return all.filter((l) => l.on).map(({ key, address }) => ({ key, address }));
}

// The variables of an instance's env file: what `ncs`, `ncs_cli` and the APIs read, plus nso-multi's own.
export function instanceEnv(
  project: string,
  instance: Omit<InstancePlan, 'env' | 'unset'>,
): { env: Record<string, string>; unset: string[] } {
  const port = (p: number | null) => (p === null ? '' : String(p));
  const env: Record<string, string> = {
    NCS_IPC_ADDR: instance.spec.ipc.address,
    NCS_IPC_PORT: port(instance.ports.ipc),
  };
  if (instance.secretFile !== null) env.NCS_IPC_ACCESS_FILE = instance.secretFile;
  Object.assign(env, {
    NSO_MULTI_PROJECT: project,
    NSO_MULTI_INSTANCE: instance.name,
    NSO_MULTI_RUN_DIR: instance.runDir,
    NSO_MULTI_NCS_CONF: instance.ncsConf,
    NSO_MULTI_NETCONF_SSH_PORT: port(instance.ports.netconfSsh),
    NSO_MULTI_NETCONF_TCP_PORT: port(instance.ports.netconfTcp),
    NSO_MULTI_CLI_SSH_PORT: port(instance.ports.cliSsh),
  });
  // NCS_IPC_PATH wins over ADDR/PORT in every client; a leftover access file breaks a daemon without the check.
  const unset = instance.secretFile === null ? ['NCS_IPC_PATH', 'NCS_IPC_ACCESS_FILE'] : ['NCS_IPC_PATH'];
  return { env, unset };
}

// Builds the plan of every instance of the spec from the ports the allocator assigned.
export function buildPlan(
  spec: Spec,
  assigned: Readonly<Record<string, Partial<Record<ListenerKey, number>>>>,
  moves: PortMove[],
  nsoVersion: string,
): Plan {
  const instances = spec.instances.map((instance): InstancePlan => {
    const runDir = join(spec.workdir, instance.name);
    const got = assigned[instance.name] ?? {};
    const ports = Object.fromEntries(LISTENER_KEYS.map((k) => [k, got[k] ?? null])) as Ports;
    const listeners: ListenerPlan[] = enabledListeners(instance).map((l) => {
      const port = got[l.key];
      if (port === undefined) throw new Error(`internal: no port allocated for ${instance.name}.${l.key}`);
      return { ...l, port };
    });
    const base = {
      name: instance.name,
      runDir,
      ncsConf: join(runDir, 'ncs.conf'),
      envFile: join(spec.envDir, `.env.${instance.name}`),
      secretFile: instance.ipc.accessCheck.enabled ? join(runDir, SECRET_FILE_NAME) : null,
      ports,
      listeners,
      spec: instance,
    };
    return { ...base, ...instanceEnv(spec.project, base) };
  });
  return {
    project: spec.project,
    specFile: spec.file,
    workdir: spec.workdir,
    envDir: spec.envDir,
    stateFile: join(spec.workdir, STATE_FILE_NAME),
    nsoVersion,
    instances,
    moves,
  };
}
