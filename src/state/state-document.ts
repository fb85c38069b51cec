// The state file's document: what nso-multi remembers between runs (ports, paths, env), parsed without IO.

import { NsoMultiError } from '../errors.js';
import type { SecretStamp } from '../host/secret-stamp.js';
import type {
  AdditionalListenerPlan,
  AllocatedPorts,
  InstancePlan,
  ListenerPlan,
  NetsimDevicePlan,
  Plan,
} from '../model.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENER_KEYS } from '../nso/listeners.js';
import { netsimPortKey } from '../nso/netsim-ports.js';

export const STATE_VERSION = 1;

/** What nso-multi knows about an instance's daemon: enough to find and stop it from any shell. */
export interface InstanceRuntime {
  /** starting: spawned, not yet ready; running: ready; failed: did not start or died; stopped: stopped by us. */
  status: 'starting' | 'running' | 'failed' | 'stopped';
  pid: number;
  /** The OS start time of pid (see process-identity.ts); pids are reused. */
  startTime?: string;
  startedAt: string;
  /** The ncs command that started it (file + leading args), so down/status need no --sim. */
  ncs: { file: string; args: string[]; sim: boolean; display: string };
  /** The `up` run that started it, until that run finished: a daemon whose `up` died first is an orphan. */
  upOwner?: { pid: number; startTime?: string };
  /** The IPC secret file as it was when the daemon was spawned (NSO reads it once, at start). */
  secret?: SecretStamp;
  /** Why it failed, without secrets: the exit code and its meaning. */
  error?: string;
  exitCode?: number;
}

export interface InstanceState {
  ports: Partial<Record<ListenerKey, number>>;
  /** Each enabled listener with the address it binds, for status checks. */
  listeners: ListenerPlan[];
  /** The template's extra-listen / ha-primary-listen entries with their ports; absent: none. */
  additionalListeners?: AdditionalListenerPlan[];
  runDir: string;
  ncsConf: string;
  envFile: string;
  secretFile: string | null;
  env: Record<string, string>;
  unset: string[];
  renderedAt: string;
  runtime?: InstanceRuntime;
  /** What render put into the run dir's packages/ and ncs-cdb/: only those entries are removed when the spec
   * drops them (never what the user put there). */
  contents?: RunDirContents;
  /** The spec packages the daemon last started with successfully: `up` reloads NSO's packages when render's
   * contents differ (see project/package-reload.ts). Absent: never started by this nso-multi. */
  startedPackages?: StartedPackage[];
  /** An HA Raft node: the cluster its ncs.conf names and its node address. Absent: HA Raft is off. */
  haRaft?: HaRaftMembership;
  /** The instance's netsim network; absent: none. */
  netsim?: NetsimState;
  /** An LSA upper node: its lower nodes, and how `up` last wired it to them. Absent: not an upper node. */
  lsa?: LsaState;
}

/** An LSA upper node's lower nodes, and what `up` last configured and synced of them. */
export interface LsaState {
  lower: string[];
  /** A digest of the wiring `up` last applied (lower nodes, their addresses and ports, the LSA NED). */
  wired?: string;
}

/** An instance's netsim network as render planned it, and what `up` last loaded of it into NSO. */
export interface NetsimState {
  dir: string;
  /** The first port of its block (see nso/netsim-ports.ts). */
  base: number;
  devices: NetsimDevicePlan[];
  /** The sha256 of the devices' configuration `up` last loaded into the instance (ncs_load); absent: none yet. */
  loaded?: string;
}

/** Which HA Raft cluster an instance is a node of, and as which node. */
export interface HaRaftMembership {
  /** The cluster-name its ncs.conf carries (the project's unless the template names one). */
  cluster: string;
  /** `<node name>@<address>`, as NSO's status and create-cluster name it. */
  node: string;
}

/** A package of a successful start: its folder name under packages/ and the folder it came from. */
export interface StartedPackage {
  name: string;
  source: string;
}

/** A package entry render made: a relative symlink (`target` as written) or a copied folder. */
export interface OwnedPackage {
  name: string;
  mode: 'link' | 'copy';
  source: string;
  target?: string;
}

export interface RunDirContents {
  packages: OwnedPackage[];
  /** File names of the CDB init files render copied into ncs-cdb/. */
  cdbInit: string[];
}

/** The detached watchdog of `up --watch-owner`: stops the instances it watches once `owner` is gone. */
export interface WatchdogState {
  pid: number;
  startTime?: string;
  owner: { pid: number; startTime?: string };
}

export interface StateDocument {
  version: typeof STATE_VERSION;
  project: string;
  specFile: string;
  /** sha256 of the spec file's text when last rendered: tells `env` the spec changed since. */
  specHash: string;
  nsoVersion: string;
  instances: Record<string, InstanceState>;
  watchdog?: WatchdogState;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function corrupt(file: string, what: string): NsoMultiError {
  return new NsoMultiError('STATE_CORRUPT', `state file ${file} is corrupt: ${what}`, {
    hint: 'run `nso-multi status` or `nso-multi render` in the project: either keeps the file aside as state.json.corrupt-<time> and rebuilds the state from the spec and the run folders',
  });
}

// Parses and checks the state file's text; throws STATE_CORRUPT naming the file and the problem.
export function parseState(text: string, file: string): StateDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, (error as Error).message);
  }
  if (!isRecord(data)) throw corrupt(file, 'not a JSON object');
  if (data.version !== STATE_VERSION) throw corrupt(file, `unknown version ${JSON.stringify(data.version)}`);
  if (!isRecord(data.instances)) throw corrupt(file, '`instances` is not an object');
  for (const [name, entry] of Object.entries(data.instances)) {
    if (!isRecord(entry) || !isRecord(entry.ports) || !isRecord(entry.env)) {
      throw corrupt(file, `instance ${name} has no ports or env`);
    }
    const runtime = entry.runtime;
    if (
      runtime !== undefined &&
      (!isRecord(runtime) || !Number.isInteger(runtime.pid) || (runtime.pid as number) <= 1)
    ) {
      throw corrupt(
        file,
        `instance ${name} has a bad runtime pid ${JSON.stringify(isRecord(runtime) ? runtime.pid : runtime)}`,
      );
    }
    // Written as `layout` before the run-dir contents had a word of their own: read under the new key.
    if (entry.layout !== undefined && entry.contents === undefined) entry.contents = entry.layout;
    delete entry.layout;
    const additional = entry.additionalListeners;
    if (
      additional !== undefined &&
      (!Array.isArray(additional) ||
        !additional.every((l) => isRecord(l) && typeof l.id === 'string' && Number.isInteger(l.port)))
    ) {
      throw corrupt(file, `instance ${name} has bad additionalListeners`);
    }
    for (const [key, port] of Object.entries(entry.ports)) {
      if (!LISTENER_KEYS.includes(key as ListenerKey) || !Number.isInteger(port)) {
        throw corrupt(file, `instance ${name} has a bad port ${key}=${JSON.stringify(port)}`);
      }
    }
  }
  return data as unknown as StateDocument;
}

// The state entry recorded for one rendered instance.
export function instanceState(instance: InstancePlan, renderedAt: string): InstanceState {
  const ports: Partial<Record<ListenerKey, number>> = {};
  for (const key of LISTENER_KEYS) {
    const port = instance.ports[key];
    if (port !== null) ports[key] = port;
  }
  return {
    ports,
    listeners: instance.listeners,
    ...(instance.additionalListeners?.length ? { additionalListeners: instance.additionalListeners } : {}),
    runDir: instance.runDir,
    ncsConf: instance.ncsConf,
    envFile: instance.envFile,
    secretFile: instance.secretFile,
    env: instance.env,
    unset: instance.unset,
    renderedAt,
  };
}

// The next state document: the plan's instances replace their entries, others (removed from the spec) stay.
export function nextState(
  previous: StateDocument | undefined,
  plan: Plan,
  specHash: string,
  now: Date,
  haRaft: ReadonlyMap<string, HaRaftMembership> = new Map(),
): StateDocument {
  const instances: Record<string, InstanceState> = { ...previous?.instances };
  for (const instance of plan.instances) {
    // A render never forgets a running daemon: its pid is what down and status need.
    const { runtime, contents, startedPackages, netsim, lsa } = previous?.instances[instance.name] ?? {};
    const membership = haRaft.get(instance.name);
    // What up loaded stays known while the network is the same folder: a changed network changes the file.
    const loaded = netsim?.dir === instance.netsim?.dir ? netsim?.loaded : undefined;
    const lower = instance.spec.lsa?.lower;
    const wired = lsa?.wired !== undefined && lower !== undefined ? lsa.wired : undefined;
    instances[instance.name] = {
      ...instanceState(instance, now.toISOString()),
      ...(runtime ? { runtime } : {}),
      ...(contents ? { contents } : {}),
      ...(startedPackages ? { startedPackages } : {}),
      ...(membership ? { haRaft: { ...membership } } : {}),
      ...(instance.netsim
        ? {
            netsim: {
              dir: instance.netsim.dir,
              base: instance.netsim.base,
              devices: instance.netsim.devices,
              ...(loaded ? { loaded } : {}),
            },
          }
        : {}),
      ...(lower ? { lsa: { lower: [...lower], ...(wired ? { wired } : {}) } } : {}),
    };
  }
  return {
    version: STATE_VERSION,
    project: plan.project,
    specFile: plan.specFile,
    specHash,
    nsoVersion: plan.nsoVersion,
    instances,
    // Like a runtime, a running watchdog outlives a render: down and the next up must still find it.
    ...(previous?.watchdog ? { watchdog: previous.watchdog } : {}),
  };
}

// Earlier port assignments by instance, as the allocator takes them.
export function previousPorts(state: StateDocument | undefined): Record<string, AllocatedPorts> {
  const out: Record<string, AllocatedPorts> = {};
  for (const [name, entry] of Object.entries(state?.instances ?? {})) {
    const ports: AllocatedPorts = { ...entry.ports };
    // By id, so an entry keeps its port while the template keeps it at the same place.
    for (const l of entry.additionalListeners ?? []) ports[l.id] = l.port;
    // The netsim block by its first port: the allocator keeps the block there while it is free.
    if (entry.netsim !== undefined) ports[netsimPortKey('ipc', 0)] = entry.netsim.base;
    out[name] = ports;
  }
  return out;
}
