// The errors `up` fails with once its steps are done: instances that did not start, netsim devices, LSA upper
// nodes and HA Raft clusters, each with the reasons, log lines and a hint; and the note that what the run
// started was stopped again.
import { join } from 'node:path';
import { NsoMultiError } from '../errors.js';
import type { ClusterOutcome } from './ha-raft-up.js';
import type { LsaOutcome } from './lsa-up.js';
import type { NetsimOutcome } from './netsim-up.js';
import type { InstanceOutcome } from './up-events.js';

// The error for clusters that did not form, or undefined when none failed.
export function haRaftFailed(clusters: readonly ClusterOutcome[]): NsoMultiError | undefined {
  const failed = clusters.filter((c) => c.result === 'failed');
  if (failed.length === 0) return undefined;
  const lines = failed.flatMap((c) => [
    c.reason,
    ...(c.result === 'failed' ? (c.log ?? []) : []).map((l) => `  | ${l}`),
  ]);
  return new NsoMultiError('HA_RAFT_FAILED', lines.join('\n'), {
    hint: failed.map((c) => c.hint).join('; '),
  });
}

// The error for upper nodes that could not be wired to their lower nodes, or undefined.
export function lsaFailed(outcomes: readonly LsaOutcome[]): NsoMultiError | undefined {
  const failed = outcomes.filter((o) => o.result === 'failed');
  if (failed.length === 0) return undefined;
  return new NsoMultiError('LSA_FAILED', failed.map((o) => o.reason).join('\n'), {
    instance: failed[0]!.upper,
    hint: failed[0]!.hint,
  });
}

// The error for devices that did not start or whose configuration NSO did not take, or undefined.
export function netsimFailed(outcomes: readonly NetsimOutcome[]): NsoMultiError | undefined {
  const lines = outcomes.flatMap((o) => [
    ...o.failed.map((f) => `${o.instance}: netsim device ${f.device} did not start: ${f.reason}`),
    ...(o.loadError ? [`${o.instance}: NSO did not take its netsim devices: ${o.loadError}`] : []),
  ]);
  if (lines.length === 0) return undefined;
  return new NsoMultiError('NETSIM_FAILED', lines.join('\n'), {
    instance: outcomes.find((o) => o.failed.length > 0 || o.loadError)?.instance,
    hint: "each device's logs are in its folder under <runDir>/netsim (`ncs-netsim list` names them)",
  });
}

// The cluster error, saying that the instances this run started were stopped again.
export function withRollback(error: NsoMultiError, stopped: number): NsoMultiError {
  if (stopped === 0) return error;
  return new NsoMultiError(
    error.code,
    `${error.message}\nstopped the ${stopped} instance(s) this run had started again`,
    { hint: `${error.hint}; --keep-going leaves them running to look into` },
  );
}

export function startFailed(failed: InstanceOutcome[], stopped: number, workdir: string): NsoMultiError {
  const lines = failed.flatMap((o) => [
    `${o.name}: ${o.reason ?? 'failed'}`,
    ...(o.log ?? []).slice(-6).map((line) => `  | ${line}`),
  ]);
  const tail = stopped > 0 ? `; stopped the ${stopped} started by this run again` : '';
  return new NsoMultiError(
    'START_FAILED',
    `${failed.length} instance(s) did not start${tail}\n${lines.join('\n')}`,
    {
      instance: failed[0]?.name,
      hint: `logs in ${join(workdir, '<name>', 'logs')}; --keep-going leaves the instances that did start running`,
    },
  );
}
