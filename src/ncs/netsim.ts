// An instance's netsim network, made and run with NSO's own ncs-netsim: `create-network` with the ports of the
// instance's block as its base variables, `ncs-xml-init` for the devices' NSO configuration, and each device's
// start.sh / stop.sh that ncs-netsim writes (what `ncs-netsim start DEVICE` runs, without its lock, so devices
// start in parallel). Made once and kept: the network is made again only when its networks or ports change.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import { isListening } from '../host/port-listening.js';
import type { NetsimDevicePlan, NetsimPlan } from '../model.js';
import { NETSIM_PORT_KINDS, NETSIM_PORT_VARS } from '../nso/netsim-ports.js';
import type { InstanceState } from '../state/state-document.js';
import { installationDirOf, type NcsCommand } from './ncs-command.js';
import { runBounded } from './run-bounded.js';

/** What nso-multi keeps beside ncs-netsim's files: what the network was made for. */
const STAMP_FILE = 'nso-multi-network.json';
/** The devices' configuration for NSO, as `ncs-netsim ncs-xml-init` printed it. */
export const DEVICES_XML = 'nso-multi-devices.xml';

/** Making a network compiles nothing for a packaged NED, but a big one may take a while. */
const CREATE_MS = 300_000;
/** A ConfD device starts in about a second; a loaded host is given more. */
const DEVICE_MS = 120_000;

/** How to run ncs-netsim: the program beside `ncs`, and the NSO installation it belongs to. */
export interface NetsimTool {
  file: string;
  ncsDir: string;
}

// ncs-netsim of the installation whose `ncs` runs the instances; undefined for the simulator.
export function netsimTool(ncs: NcsCommand): NetsimTool | undefined {
  if (ncs.sim || ncs.args.length > 0) return undefined;
  return { file: join(dirname(ncs.file), 'ncs-netsim'), ncsDir: installationDirOf(ncs) };
}

// The environment ncs-netsim and the device scripts run in: the caller's, with NCS_DIR of the installation.
function toolEnv(tool: NetsimTool, baseEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...baseEnv, NCS_DIR: tool.ncsDir };
  // ncs-netsim takes its base ports from these; a value left in the shell would replace none of ours, but
  // CONFD_IPC_PORT would send the device scripts' confd to another daemon.
  for (const name of [...Object.values(NETSIM_PORT_VARS), 'CONFD_IPC_PORT', 'NETSIM_DIR']) delete env[name];
  return env;
}

// What the network is made of, as recorded beside it.
function stampOf(plan: NetsimPlan): string {
  return `${JSON.stringify({ base: plan.base, devices: plan.devices.length, networks: plan.networks }, null, 2)}\n`;
}

/** What ensureNetwork did. */
export type NetworkMade = 'kept' | 'created' | 'recreated';

// Makes the instance's network unless the one there was made for the same networks and ports. A network made
// for others is stopped and deleted first (its devices' configuration goes with it).
export async function ensureNetwork(
  tool: NetsimTool,
  plan: NetsimPlan,
  baseEnv: NodeJS.ProcessEnv,
): Promise<NetworkMade> {
  const stamp = stampOf(plan);
  const current = await readFile(join(plan.dir, STAMP_FILE), 'utf8').catch(() => undefined);
  const xml = await readFile(join(plan.dir, DEVICES_XML), 'utf8').catch(() => undefined);
  if (current === stamp && xml !== undefined) return 'kept';
  const env = toolEnv(tool, baseEnv);
  const existed =
    (await readFile(join(plan.dir, '.netsiminfo'), 'utf8').catch(() => undefined)) !== undefined;
  if (existed) {
    await stopDevices(plan.dir, plan.devices, env);
    await netsim(tool, ['--dir', plan.dir, 'delete-network'], env, 'delete the old network');
  }
  await rm(plan.dir, { recursive: true, force: true });
  const ports: NodeJS.ProcessEnv = {};
  const first = plan.devices[0]!.ports;
  for (const kind of NETSIM_PORT_KINDS) ports[NETSIM_PORT_VARS[kind]] = String(first[kind]);
  const args = plan.networks.flatMap((n) => ['create-network', n.ned, String(n.count), n.prefix]);
  await netsim(tool, ['--dir', plan.dir, ...args], { ...env, ...ports }, 'create the network');
  const init = await netsim(tool, ['--dir', plan.dir, 'ncs-xml-init'], env, 'print the devices for NSO');
  if (/<ned-id[^>]*>\s*<\/ned-id>|<ned-id\s*\/>/.test(init) || !init.includes('<devices')) {
    throw new NsoMultiError(
      'NETSIM_FAILED',
      `ncs-netsim ncs-xml-init gave no NED id for the devices of ${plan.dir}`,
      {
        hint: 'ncs-netsim reads the NED id with xsltproc: install it (e.g. `apt-get install xsltproc`)',
      },
    );
  }
  await writeFile(join(plan.dir, DEVICES_XML), init.endsWith('\n') ? init : `${init}\n`);
  await writeFile(join(plan.dir, STAMP_FILE), stamp);
  return existed || current !== undefined ? 'recreated' : 'created';
}

// Runs ncs-netsim; resolves with its output, throws NETSIM_FAILED with what it printed.
async function netsim(
  tool: NetsimTool,
  args: string[],
  env: NodeJS.ProcessEnv,
  what: string,
): Promise<string> {
  const run = await runBounded(tool.file, args, { env, timeoutMs: CREATE_MS });
  if (run.spawnError) {
    throw new NsoMultiError('NETSIM_FAILED', `cannot run ${tool.file}: ${run.spawnError.message}`, {
      hint: 'netsim devices need an NSO installation with ncs-netsim: source $NCS_DIR/ncsrc',
    });
  }
  if (run.exitCode !== 0) {
    const said = run.output
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-6)
      .join('\n');
    throw new NsoMultiError(
      'NETSIM_FAILED',
      `ncs-netsim could not ${what}${run.timedOut ? ' (timed out)' : ''}:\n${said}`,
      {
        hint: 'check the NED package (it needs a netsim folder) and the message above',
      },
    );
  }
  return run.stdout;
}

// The folder of a device, as ncs-netsim lays the network out.
export function deviceDir(netsimDir: string, device: NetsimDevicePlan): string {
  return join(netsimDir, device.prefix, device.name);
}

// True while the device's ConfD answers on its IPC port.
export function deviceRuns(device: NetsimDevicePlan): Promise<boolean> {
  return isListening('127.0.0.1', device.ports.ipc);
}

// Starts one device with its start.sh; resolves with why it failed, or undefined once it runs.
export async function startDevice(
  tool: NetsimTool,
  netsimDir: string,
  device: NetsimDevicePlan,
  baseEnv: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const dir = deviceDir(netsimDir, device);
  const run = await runBounded('/bin/sh', ['-c', `cd "$1" && exec ./start.sh`, 'sh', dir], {
    env: toolEnv(tool, baseEnv),
    timeoutMs: DEVICE_MS,
    ...(signal ? { signal } : {}),
  });
  if (run.exitCode === 0) return undefined;
  if (run.timedOut) return `did not start within ${DEVICE_MS / 1000} s`;
  const said = run.output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-3)
    .join(' | ');
  return said || `start.sh exited ${run.exitCode ?? run.signal}`;
}

// Stops the devices that run (stop.sh: `confd --stop` on the device's IPC port), all at once.
export async function stopDevices(
  netsimDir: string,
  devices: readonly NetsimDevicePlan[],
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const stopped: string[] = [];
  await Promise.all(
    devices.map(async (device) => {
      if (!(await deviceRuns(device))) return;
      await runBounded('/bin/sh', ['-c', `cd "$1" && exec ./stop.sh`, 'sh', deviceDir(netsimDir, device)], {
        env,
        timeoutMs: DEVICE_MS,
      });
      stopped.push(device.name);
    }),
  );
  return devices.filter((d) => stopped.includes(d.name)).map((d) => d.name);
}

// The sha256 of the devices' configuration the network was made with: `up` loads it into NSO when it changes.
export async function devicesXmlHash(netsimDir: string): Promise<string | undefined> {
  const xml = await readFile(join(netsimDir, DEVICES_XML)).catch(() => undefined);
  return xml === undefined ? undefined : createHash('sha256').update(xml).digest('hex');
}

// Stops the instance's netsim devices that run, with the installation that started the instance (else the
// NCS_DIR of `baseEnv`); resolves with their names. For down, gc and the watchdog: devices go with their NSO.
export async function stopInstanceDevices(
  entry: InstanceState,
  baseEnv: NodeJS.ProcessEnv,
): Promise<string[]> {
  const netsim = entry.netsim;
  if (netsim === undefined) return [];
  const ncs = entry.runtime?.ncs;
  const tool = ncs === undefined ? undefined : netsimTool(ncs);
  return stopDevices(
    netsim.dir,
    netsim.devices,
    tool === undefined ? baseEnv : { ...baseEnv, NCS_DIR: tool.ncsDir },
  );
}
