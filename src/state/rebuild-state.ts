// Rebuilds a lost state document from what is on disk: each run folder's ncs.conf gives the instance's ports,
// addresses and secret; the spec gives the project's name and where env files live; the process table gives
// the daemons still running with those run folders (`up` starts each with `--cd RUN_DIR -c NCS_CONF` as the
// leader of its own process group, so it can be found and stopped again). What cannot be known: the pid of a
// daemon started some other way, the watchdog of `up --watch-owner`, and the spec's hash (left empty, so `env`
// says to render again).
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type FoundDaemon, findDaemons } from '../host/find-daemon.js';
import { createPortProbe } from '../host/port-probe.js';
import type { InstanceSpec, ListenerPlan, Ports, Spec } from '../model.js';
import type { ListenerKey } from '../nso/listeners.js';
import { LISTENER_KEYS } from '../nso/listeners.js';
import { SNMP_DIR_NAME, SNMP_INIT_FILE } from '../nso/snmp.js';
import { instanceEnv } from '../plan/build-plan.js';
import { rebuiltAdditionalListeners } from './rebuilt-additional-listeners.js';
import { type RenderedConf, readRenderedConf, type SnmpInitText } from './rendered-listeners.js';
import {
  type InstanceRuntime,
  type InstanceState,
  instanceState,
  STATE_VERSION,
  type StateDocument,
} from './state-document.js';

/** What a rebuild found, for the notice that tells people about it. */
export interface RebuildReport {
  recovered: string[];
  running: { name: string; pid: number }[];
  /** Run folders whose ncs.conf could not be used, with why. */
  skipped: { name: string; reason: string }[];
  /** Instances without a daemon found whose ports something still listens on. */
  listening: { name: string; where: string[] }[];
}

async function readConf(ncsConf: string): Promise<RenderedConf | undefined | string> {
  try {
    const stats = await lstat(ncsConf);
    if (!stats.isFile()) return 'its ncs.conf is not a regular file';
    return readRenderedConf(await readFile(ncsConf, 'utf8'), ncsConf, await readSnmpInit(ncsConf));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return `its ncs.conf cannot be used: ${code ?? (error as Error).message}`;
  }
}

// The run dir's snmp_init.xml (beside ncs.conf, in snmp/), when render wrote one.
async function readSnmpInit(ncsConf: string): Promise<SnmpInitText | undefined> {
  const file = join(dirname(ncsConf), SNMP_DIR_NAME, SNMP_INIT_FILE);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : { text, file };
}

// The spec's instances first, in spec order, then other run folders (instances removed from the spec since).
async function candidateNames(workdir: string, spec: Spec): Promise<string[]> {
  const names = spec.instances.map((i) => i.name);
  const entries: Dirent[] = await readdir(workdir, { withFileTypes: true }).catch(() => []);
  const others = entries.filter((e) => e.isDirectory() && !names.includes(e.name)).map((e) => e.name);
  return [...names, ...others.sort()];
}

// The env file render wrote: in the spec's envDir, or beside the run folders when a caller overrode envDir
// with the workdir (as the test helpers do).
async function envFileOf(spec: Spec, workdir: string, name: string): Promise<string> {
  const candidates = [join(spec.envDir, `.env.${name}`), join(workdir, `.env.${name}`)];
  for (const file of candidates) {
    if ((await lstat(file).catch(() => undefined))?.isFile()) return file;
  }
  return candidates[0]!;
}

// An instance spec matching what the file holds (the spec's own when it still lists the instance).
function specFor(spec: Spec, name: string, conf: RenderedConf): InstanceSpec {
  const address = (key: ListenerKey) => conf.listeners[key].address ?? '127.0.0.1';
  const known = spec.instances.find((i) => i.name === name);
  return {
    name,
    template: known?.template ?? '',
    ports: known?.ports ?? {},
    ipc: {
      address: address('ipc'),
      accessCheck: known?.ipc.accessCheck ?? { enabled: conf.secretFile !== null, mode: '0400' },
    },
    netconf: {
      ssh: conf.listeners.netconfSsh.enabled,
      tcp: conf.listeners.netconfTcp.enabled,
      address: address(conf.listeners.netconfSsh.enabled ? 'netconfSsh' : 'netconfTcp'),
    },
    cli: { ssh: conf.listeners.cliSsh.enabled, address: address('cliSsh') },
    ...(conf.listeners.snmp.enabled ? { snmp: { enabled: true, address: address('snmp') } } : {}),
  };
}

function runtimeOf(
  found: FoundDaemon,
  now: Date,
  isSimulator: (command: string) => boolean,
): InstanceRuntime {
  const cd = found.argv.indexOf('--cd');
  const file = found.argv[0] ?? '';
  const args = found.argv.slice(1, cd);
  const sim = isSimulator(args[0] ?? '');
  return {
    status: 'running',
    pid: found.pid,
    ...(found.startTime ? { startTime: found.startTime } : {}),
    // The real start time is lost with the state; this is when the daemon was found again.
    startedAt: now.toISOString(),
    ncs: { file, args, sim, display: sim ? 'nso-multi sim' : file },
  };
}

// One instance's state entry from its run folder's ncs.conf; a string says why there is none.
async function instanceFrom(
  spec: Spec,
  workdir: string,
  name: string,
  conf: RenderedConf,
  renderedAt: string,
): Promise<InstanceState | string> {
  const runDir = join(workdir, name);
  const ports = Object.fromEntries(LISTENER_KEYS.map((k) => [k, null])) as Ports;
  const listeners: ListenerPlan[] = [];
  for (const key of LISTENER_KEYS) {
    const listener = conf.listeners[key];
    if (!listener.enabled) continue;
    if (listener.port === undefined) return `its ncs.conf has no port for ${key}`;
    ports[key] = listener.port;
    listeners.push({ key, address: listener.address ?? '127.0.0.1', port: listener.port });
  }
  const additionalListeners = await rebuiltAdditionalListeners(join(runDir, 'ncs.conf'), listeners);
  const base = {
    name,
    runDir,
    ncsConf: join(runDir, 'ncs.conf'),
    envFile: await envFileOf(spec, workdir, name),
    secretFile: conf.secretFile,
    ports,
    listeners,
    ...(additionalListeners.length > 0 ? { additionalListeners } : {}),
    spec: specFor(spec, name, conf),
  };
  return instanceState({ ...base, ...instanceEnv({ project: spec.project, workdir }, base) }, renderedAt);
}

// Rebuilds the state of the workdir that holds `file`, from the spec and the disk; writes nothing.
export async function rebuildState(
  file: string,
  spec: Spec,
  now = new Date(),
  isSimulator: (command: string) => boolean = () => false,
): Promise<{ state: StateDocument; report: RebuildReport }> {
  const workdir = dirname(file);
  const report: RebuildReport = { recovered: [], running: [], skipped: [], listening: [] };
  const instances: Record<string, InstanceState> = {};
  for (const name of await candidateNames(workdir, spec)) {
    const ncsConf = join(workdir, name, 'ncs.conf');
    const conf = await readConf(ncsConf);
    if (conf === undefined) continue;
    const mtime = (await lstat(ncsConf).catch(() => undefined))?.mtime ?? now;
    const entry =
      typeof conf === 'string' ? conf : await instanceFrom(spec, workdir, name, conf, mtime.toISOString());
    if (typeof entry === 'string') report.skipped.push({ name, reason: entry });
    else {
      instances[name] = entry;
      report.recovered.push(name);
    }
  }
  await adoptDaemons(instances, report, now, isSimulator);
  const state: StateDocument = {
    version: STATE_VERSION,
    project: spec.project,
    specFile: spec.file,
    specHash: '',
    nsoVersion: spec.nso.version ?? 'unknown',
    instances,
  };
  return { state, report };
}

// Records the daemons found running each instance; for the others, notes ports something still listens on.
async function adoptDaemons(
  instances: Record<string, InstanceState>,
  report: RebuildReport,
  now: Date,
  isSimulator: (command: string) => boolean,
): Promise<void> {
  const found = await findDaemons(Object.values(instances));
  const probe = createPortProbe();
  for (const [name, entry] of Object.entries(instances)) {
    const daemon = found.get(entry.runDir);
    if (daemon !== undefined) {
      entry.runtime = runtimeOf(daemon, now, isSimulator);
      report.running.push({ name, pid: daemon.pid });
      continue;
    }
    const where: string[] = [];
    for (const l of entry.listeners) {
      const protocol = l.key === 'snmp' ? 'udp' : 'tcp';
      if ((await probe.probe(l.address, l.port, protocol)) === 'taken') where.push(`${l.address}:${l.port}`);
    }
    if (where.length > 0) report.listening.push({ name, where });
  }
}
