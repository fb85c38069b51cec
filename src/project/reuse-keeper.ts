// The keeper of a reused cluster: a detached process that stops the cluster once nobody has used it for its
// idle time, also when its last user died without saying so (a crashed test worker). One per cluster; started
// by the first user, replaced when it is gone. This file holds the loop and its start; reuse-keeper-main.ts is
// the process.
import { setTimeout as delay } from 'node:timers/promises';
import { NsoMultiError } from '../errors.js';
import { builtEntry, startDetached } from '../host/detached-process.js';
import { isAlive, type ProcessIdentity } from '../host/process-identity.js';
import { idleExpired, type ReuseRecord, readReuse, stopReused, withReuseLock } from './reuse-registry.js';
import { WATCHDOG_LOG_VAR } from './watchdog.js';

/** What the keeper process is started with (one JSON argument). */
export interface KeeperConfig {
  /** The cluster's reuse folder. */
  dir: string;
  key: string;
  /** How often it looks; default 1 s. */
  intervalMs?: number;
}

/** Why the keeper ended: it stopped the idle cluster, the folder is gone (stopped by a user or gc), or another
 * keeper took over. */
export type KeeperExit = 'stopped' | 'gone' | 'replaced';

/** How long the keeper waits for the cluster's lock before it looks again. */
const LOCK_MS = 10_000;

// The keeper's loop: looks every interval; returns once the cluster is stopped, gone, or kept by another.
export async function keepReused(
  config: KeeperConfig,
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; self?: number } = {},
): Promise<KeeperExit> {
  const self = options.self ?? process.pid;
  const log = options.log ?? (() => {});
  log(`keeping ${config.dir}`);
  for (;;) {
    const record = await readReuse(config.dir);
    if (record === undefined) return done(log, 'gone');
    if (record.keeper !== undefined && record.keeper.pid !== self && (await isAlive(record.keeper))) {
      return done(log, 'replaced');
    }
    if (await idleExpired(record)) {
      const stopped = await withReuseLock(config.dir, config.key, LOCK_MS, async () => {
        const now = await readReuse(config.dir);
        if (now === undefined) return 'gone';
        if (!(await idleExpired(now))) return undefined;
        log(`idle for ${now.idleMs} ms with no user alive: stopping it`);
        await stopReused(config.dir, now, options.env ?? process.env);
        return 'stopped';
      }).catch(() => undefined);
      if (stopped !== undefined) return done(log, stopped);
    }
    await delay(config.intervalMs ?? 1000);
  }
}

function done(log: (line: string) => void, exit: KeeperExit): KeeperExit {
  log(`done: ${exit}`);
  return exit;
}

// Starts a keeper for the cluster unless a live one is recorded; returns the keeper to record. Call under the
// cluster's lock.
export async function ensureKeeper(
  record: ReuseRecord,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<ProcessIdentity> {
  if (record.keeper !== undefined && (await isAlive(record.keeper))) return record.keeper;
  const config: KeeperConfig = { dir, key: record.key };
  const started = await startDetached(
    builtEntry(import.meta.url, 'project/reuse-keeper-main.js'),
    config,
    env,
    env[WATCHDOG_LOG_VAR],
  );
  if (started instanceof Error) {
    throw new NsoMultiError('INTERNAL', `could not start the keeper of the reused cluster in ${dir}`, {
      cause: started,
      hint: '`nso-multi gc` stops reused clusters that are idle and have no keeper',
    });
  }
  return started;
}

// Parses the keeper process's argument; USAGE when it is not what ensureKeeper passes.
export function parseKeeperConfig(text: string | undefined): KeeperConfig {
  let data: Partial<KeeperConfig> | undefined;
  try {
    data = JSON.parse(text ?? '') as Partial<KeeperConfig>;
  } catch {
    data = undefined;
  }
  if (typeof data?.dir !== 'string' || typeof data.key !== 'string') {
    throw new NsoMultiError('USAGE', 'the keeper needs its config as one JSON argument', {
      hint: 'it is started by startCluster({ reuse }), not by hand',
    });
  }
  return data as KeeperConfig;
}
