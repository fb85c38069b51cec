// After NSO reports itself started: does the daemon hold each of its own TCP listeners? NSO 6.2.5 exits 20
// only when its IPC port cannot be bound; a NETCONF or CLI SSH port another program took is logged
// (`Cannot bind to NETCONF socket … eaddrinuse`, `Failed to start … eaddrinuse`) and the daemon starts without
// that listener (measured). `up` treats such a start like exit 20: the port moves and the instance starts again.
import { join } from 'node:path';
import { portsNotHeld } from '../host/socket-owner.js';
import type { ListenerPlan } from '../model.js';
import { logLinesMatching } from '../ncs/log-tail.js';
import type { ListenerKey } from '../nso/listeners.js';

/** The listeners every daemon binds itself (the simulator too); template-decided ones are not checked. */
const CHECKED: readonly ListenerKey[] = ['ipc', 'netconfSsh', 'netconfTcp', 'cliSsh'];

/** What a started daemon does not listen on, with what its log says about it. */
export interface MissingListeners {
  reason: string;
  log: string[];
}

// Undefined when daemon `pid` holds every checked listener of the instance (or /proc cannot tell).
export async function missingListeners(
  pid: number,
  listeners: readonly ListenerPlan[],
  runDir: string,
): Promise<MissingListeners | undefined> {
  const checked = listeners.filter((l) => CHECKED.includes(l.key));
  const missing = new Set(
    await portsNotHeld(
      pid,
      checked.map((l) => l.port),
    ),
  );
  if (missing.size === 0) return undefined;
  const named = checked.filter((l) => missing.has(l.port)).map((l) => `${l.key} ${l.address}:${l.port}`);
  const log = await logLinesMatching(join(runDir, 'logs', 'ncs.log'), /eaddrinuse|Cannot bind/i);
  return {
    reason: `started without listening on ${named.join(', ')} (a port in use: NSO logs it and starts without the listener)`,
    log,
  };
}
