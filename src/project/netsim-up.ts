// `up`'s part for netsim: the devices of the instances it starts are started alongside them (each device a job
// under the same concurrency bound), and once an instance runs, the devices' configuration that ncs-netsim
// printed for NSO is merged into it with ncs_load, when it changed since the last load (state: netsim.loaded).

import { join } from 'node:path';
import type { NetsimDevicePlan, Plan } from '../model.js';
import { instanceProcessEnv } from '../ncs/instance-process-env.js';
import { missingClient, ncsClientFor } from '../ncs/ncs-cmd.js';
import type { NcsCommand } from '../ncs/ncs-command.js';
import {
  DEVICES_XML,
  deviceRuns,
  devicesXmlHash,
  type NetsimTool,
  startDevice,
  stopDevices,
} from '../ncs/netsim.js';
import { runBounded } from '../ncs/run-bounded.js';
import type { StateStore } from '../state/state-store.js';

/** One device to start: the instance it belongs to and its network's folder. */
export interface DeviceJob {
  instance: string;
  dir: string;
  device: NetsimDevicePlan;
}

/** How the devices of one instance came out of `up`. */
export interface NetsimOutcome {
  instance: string;
  devices: number;
  /** Devices this run started (the others already ran). */
  started: string[];
  failed: { device: string; reason: string }[];
  /** True when this run merged the devices' configuration into NSO. */
  loaded: boolean;
  /** Why the configuration could not be loaded. */
  loadError?: string;
}

/** ncs_load merges a few devices in well under a second. */
const LOAD_MS = 60_000;

// The devices of the instances asked for, in spec order.
export function deviceJobs(plan: Plan, names: readonly string[]): DeviceJob[] {
  return plan.instances
    .filter((i) => names.includes(i.name) && i.netsim !== undefined)
    .flatMap((i) => i.netsim!.devices.map((device) => ({ instance: i.name, dir: i.netsim!.dir, device })));
}

// Starts a device unless it runs; records the result in `outcomes`.
export async function runDeviceJob(
  job: DeviceJob,
  tool: NetsimTool,
  baseEnv: NodeJS.ProcessEnv,
  outcomes: Map<string, NetsimOutcome>,
  signal: AbortSignal,
): Promise<boolean> {
  const outcome = outcomes.get(job.instance)!;
  if (await deviceRuns(job.device)) return true;
  const reason = await startDevice(tool, job.dir, job.device, baseEnv, signal);
  if (reason === undefined) outcome.started.push(job.device.name);
  else outcome.failed.push({ device: job.device.name, reason });
  return reason === undefined;
}

// An empty outcome per instance with devices.
export function netsimOutcomes(jobs: readonly DeviceJob[]): Map<string, NetsimOutcome> {
  const outcomes = new Map<string, NetsimOutcome>();
  for (const job of jobs) {
    const o = outcomes.get(job.instance) ?? {
      instance: job.instance,
      devices: 0,
      started: [],
      failed: [],
      loaded: false,
    };
    o.devices += 1;
    outcomes.set(job.instance, o);
  }
  return outcomes;
}

// Merges the devices' configuration into the running instance when it changed since the last load.
export async function loadDevices(
  outcome: NetsimOutcome,
  store: StateStore,
  ncs: NcsCommand,
  baseEnv: NodeJS.ProcessEnv,
): Promise<void> {
  const entry = store.current()?.instances[outcome.instance];
  const netsim = entry?.netsim;
  if (entry === undefined || netsim === undefined) return;
  const hash = await devicesXmlHash(netsim.dir);
  if (hash === undefined || hash === netsim.loaded) return;
  const env = instanceProcessEnv(baseEnv, entry);
  const file = await ncsClientFor(ncs, env, 'ncs_load');
  if (file === undefined) {
    outcome.loadError = missingClient(ncs, 'ncs_load');
    return;
  }
  const run = await runBounded(file, ['-l', '-m', join(netsim.dir, DEVICES_XML)], {
    env,
    timeoutMs: LOAD_MS,
  });
  if (run.exitCode !== 0) {
    outcome.loadError = run.output.trim().split('\n')[0] || `ncs_load exit ${run.exitCode ?? run.signal}`;
    return;
  }
  outcome.loaded = true;
  await store.update((state) => {
    const own = state.instances[outcome.instance]?.netsim;
    if (own !== undefined) own.loaded = hash;
  });
}

// Stops the devices this run started (rollback).
export async function stopStartedDevices(
  outcomes: Iterable<NetsimOutcome>,
  jobs: readonly DeviceJob[],
  tool: NetsimTool,
  baseEnv: NodeJS.ProcessEnv,
): Promise<void> {
  for (const outcome of outcomes) {
    const started = jobs.filter(
      (j) => j.instance === outcome.instance && outcome.started.includes(j.device.name),
    );
    if (started.length === 0) continue;
    await stopDevices(
      started[0]!.dir,
      started.map((j) => j.device),
      { ...baseEnv, NCS_DIR: tool.ncsDir },
    );
  }
}
