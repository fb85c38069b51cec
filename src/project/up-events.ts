// What `up` reports while it works; adapters (the CLI's task list, a test helper) turn these into output.

import type { Plan } from '../model.js';
import type { Notice } from '../notice.js';
import type { PackageReload } from './package-reload.js';

export type UpEvent =
  | { type: 'planned'; plan: Plan; notices: Notice[]; ncs: string }
  | { type: 'already-running'; instance: string; pid: number }
  /** `packages`: this start asks NSO to reload its packages (the spec's set changed since the last start). */
  | { type: 'starting'; instance: string; attempt: number; packages?: PackageReload }
  | { type: 'spawned'; instance: string; pid: number }
  | { type: 'started'; instance: string; pid: number; ms: number; packages?: PackageReload }
  | { type: 'retrying'; instance: string; reason: string; notices: Notice[] }
  | { type: 'failed'; instance: string; reason: string; log: string[] }
  | { type: 'skipped'; instance: string; reason: string }
  | { type: 'stopping'; instance: string; reason: string }
  | { type: 'stopped'; instance: string; how: string };

/** The outcome of one instance in an `up`. */
export interface InstanceOutcome {
  name: string;
  result: 'started' | 'already-running' | 'failed' | 'skipped';
  pid?: number;
  reason?: string;
  exitCode?: number;
  log?: string[];
  /** Set when the start reloaded NSO's packages. */
  packages?: PackageReload;
}
