// The words and titles of `up`'s progress, shared by the line output and the live task list.
import { describePackageReload } from '../project/package-reload.js';
import type { UpEvent } from '../project/up-events.js';

/** The part of a listr2 task wrapper the live display uses. */
export interface TaskHandle {
  title: string;
  output: string;
  skip(message?: string): void;
}

/** An instance whose final event the display still waits for. */
export interface PendingTask {
  resolve: (final: FinalEvent) => void;
  task?: TaskHandle;
  /** Events that came before listr2 ran the instance's task. */
  buffered: UpEvent[];
  /** True once the final event came. */
  ended: boolean;
}

export type FinalEvent = Extract<UpEvent, { type: 'started' | 'failed' | 'skipped' | 'already-running' }>;

// True for the event that ends an instance's line in the display.
export const isFinal = (e: UpEvent): e is FinalEvent =>
  e.type === 'started' || e.type === 'failed' || e.type === 'skipped' || e.type === 'already-running';

// The words for an intermediate step of one instance; undefined for events that are not shown as a step.
export function describeStep(event: UpEvent): string | undefined {
  switch (event.type) {
    case 'starting': {
      const what = event.attempt > 1 ? `starting again (attempt ${event.attempt})` : 'starting';
      return event.packages ? `${what}, ${describePackageReload(event.packages)}` : what;
    }
    case 'spawned':
      return `pid ${event.pid}, waiting until ready`;
    case 'waiting-packages':
      return 'ready; waiting until every package is up';
    case 'retrying':
      return [event.reason, ...event.notices.map((n) => n.message)].join('; ');
    default:
      return undefined;
  }
}

// The title an instance ends with, e.g. `i1: started (pid 42, 0.6 s)`.
export function startedTitle(event: Extract<UpEvent, { type: 'started' }>): string {
  const reloaded = event.packages ? '; packages reloaded' : '';
  const up = event.packagesUp === undefined ? '' : `; ${event.packagesUp} package(s) up`;
  return `${event.instance}: started (pid ${event.pid}, ${(event.ms / 1000).toFixed(1)} s${reloaded}${up})`;
}

// Shows an intermediate step under the instance's task in the live list.
export function showStep(task: TaskHandle, event: UpEvent): void {
  const text = describeStep(event);
  if (text !== undefined) task.output = text;
}

// The line for an HA Raft event of `up` (after the starts, not tied to one instance's task); undefined for
// other events. `marks` are the display's own.
export function haRaftLine(
  event: UpEvent,
  marks: { step: string; done: string; skipped: string; failed: string },
): string | undefined {
  switch (event.type) {
    case 'ha-raft-forming':
      return `${marks.step} cluster ${event.cluster}: ${event.what}`;
    case 'ha-raft-simulated':
      return `warning: the simulator has no HA Raft: cluster ${event.clusters.join(', ')} not formed (its nodes run)`;
    case 'ha-raft': {
      const o = event.outcome;
      if (o.result === 'formed') {
        const followers = o.roles.filter((r) => r.instance !== o.leader);
        const rest = followers.map((r) => `${r.instance} ${r.role ?? 'not running'}`).join(', ');
        const how = o.created ? 'created; ' : '';
        return `${marks.done} cluster ${o.cluster}: ${how}${o.leader} leader${rest ? `, ${rest}` : ''}`;
      }
      const mark = o.result === 'waiting' ? marks.skipped : marks.failed;
      return `${mark} cluster ${o.cluster}: ${o.reason}\n  ${o.result === 'waiting' ? 'fix' : 'hint'}: ${o.hint}`;
    }
    default:
      return undefined;
  }
}

// The line for an instance's netsim devices after the starts; undefined for other events.
export function netsimLine(
  event: UpEvent,
  marks: { step: string; done: string; skipped: string; failed: string },
): string | undefined {
  if (event.type !== 'netsim') return undefined;
  const o = event.outcome;
  if (o.failed.length > 0 || o.loadError) {
    const what = o.failed.map((f) => f.device).join(', ');
    return `${marks.failed} ${o.instance}: netsim ${what ? `device(s) ${what} did not start` : `devices not loaded: ${o.loadError}`}`;
  }
  const started = o.started.length === 0 ? 'all running already' : `${o.started.length} started`;
  const loaded = o.loaded ? '; added to its devices' : '';
  return `${marks.done} ${o.instance}: netsim ${o.devices} device(s) (${started})${loaded}`;
}

// The line for an LSA upper node after the starts; undefined for other events.
export function lsaLine(
  event: UpEvent,
  marks: { step: string; done: string; skipped: string; failed: string },
): string | undefined {
  if (event.type === 'lsa-wiring') return `${marks.step} ${event.upper}: LSA: ${event.what}`;
  if (event.type !== 'lsa') return undefined;
  const o = event.outcome;
  const lower = o.lower.join(', ');
  switch (o.result) {
    case 'wired':
      return `${marks.done} ${o.upper}: LSA upper node of ${lower}: configured, synced`;
    case 'kept':
      return `${marks.done} ${o.upper}: LSA upper node of ${lower}: as before`;
    case 'waiting':
      return `${marks.skipped} ${o.reason}\n  fix: ${o.hint}`;
    default:
      return `${marks.failed} ${o.reason}\n  hint: ${o.hint}`;
  }
}
