// NSO's small C client `ncs_cmd`, when it lies beside a real `ncs`: it waits for a start (`wait-start 2`) and
// stops a daemon (`stop`) over the IPC port without starting an Erlang VM, as `ncs --wait-started` and
// `ncs --stop` do (each costs ~0.3-1 s of CPU next to daemons that are booting). It is used only where it
// reaches exactly the daemon those would: TCP IPC (NCS_IPC_ADDR/NCS_IPC_PORT), not a Unix socket (NCS_IPC_PATH,
// which the ncs_cmd of 6.2 does not read); the simulator keeps its own control commands.
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isListening } from '../host/port-listening.js';
import { waitUntil } from '../host/wait-until.js';
import type { NcsCommand } from './ncs-command.js';
import { type ControlResult, runBounded } from './run-bounded.js';

/** How ncs_cmd is named in messages. */
export const NCS_CMD_WAIT = 'ncs_cmd -c "wait-start 2"';
export const NCS_CMD_STOP = 'ncs_cmd -c stop';

/** How often the IPC port is tried before ncs_cmd runs. Seldom enough to cost the booting daemons next to
 * nothing (they are CPU-bound: 3 NSO 6.2.5 on 2 CPUs take twice as long as one), often enough to add no
 * latency: NSO listens on its IPC port about 0.7 s into a boot and reaches phase 2 about 1.7–1.9 s later (NSO
 * 6.2.5, one instance on an idle host), and ncs_cmd connected early just blocks until then. */
const PORT_POLL_MS = 100;
/** Once the port listened, a failed ncs_cmd is retried after 50 ms, then every 100 ms until the deadline. */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 100;
/** Worth another try: nothing listens yet, or NSO listens but cannot check access yet (early in its boot it
 * answers a right secret with `Access check failed`, for a few hundred ms). A wrong secret is `Access denied`. */
const RETRY = /Connection refused|Access check failed/;
/** Refused access (a wrong or missing secret) is retried too, for this long: the listener may be another
 * program's that took the port before our daemon could bind it, and our daemon then exits 20 (its start is
 * retried on other ports), which can take seconds into a boot on a busy host. Seen with two test runs on one
 * host. A wrong secret of our own daemon is reported this much later. */
export const DENIED_RETRY_MS = 20_000;
const DENIED = /Access denied|closed connection/;
/** Once connected, `wait-start` blocks until phase 2; it may take this long beyond the connect deadline, as
 * `ncs --wait-started` was allowed (start-instance.ts). */
const AFTER_CONNECT_MS = 10_000;

// The ncs_cmd beside a real `ncs` (symlinks resolved), when the instance uses TCP IPC; else undefined.
export function ncsCmdFor(ncs: NcsCommand, env: Record<string, string>): Promise<string | undefined> {
  return ncsClientFor(ncs, env, 'ncs_cmd');
}

// One of NSO's C clients (ncs_cmd, ncs_cli) beside a real `ncs`, when the instance uses TCP IPC; else undefined.
export async function ncsClientFor(
  ncs: NcsCommand,
  env: Record<string, string>,
  client: 'ncs_cmd' | 'ncs_cli' | 'ncs_load',
): Promise<string | undefined> {
  if (ncs.sim || ncs.args.length > 0 || env.NCS_IPC_PATH || !env.NCS_IPC_PORT) return undefined;
  try {
    const file = join(dirname(await realpath(ncs.file)), client);
    await access(file, constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

// Why ncsClientFor found no `client` for an instance; `simulated` says it for the simulator.
export function missingClient(
  ncs: NcsCommand,
  client: string,
  simulated = `the simulator has no ${client}`,
): string {
  return ncs.sim
    ? simulated
    : `no ${client} beside ${ncs.display}, or the instance uses local IPC (${client} reaches TCP IPC only)`;
}

// ncs_cmd's line for a failed connect, in the words `ncs` uses; anything else as ncs_cmd printed it.
export function describeNcsCmdFailure(output: string, exitCode: number | undefined): string {
  if (/Connection refused/.test(output)) return 'connection refused';
  if (/Access denied|Access check failed/.test(output)) return 'Access check failed';
  // A missing or unreadable secret: NSO closes the connection during the access check.
  if (/maapi_connect.*closed connection/.test(output))
    return 'Access check failed (NSO closed the connection)';
  return output.trim().split('\n')[0] || `exit ${exitCode}`;
}

// `ncs_cmd -c "wait-start 2"` until NSO has reached phase 2 (fully started): its connect is retried (RETRY) for
// `trySeconds`, as `ncs --wait-started` retries its own, a refused access check for `deniedRetryMs` of those;
// any other failure ends the wait at once.
export async function ncsCmdWaitStarted(
  file: string,
  env: Record<string, string>,
  trySeconds: number,
  signal: AbortSignal,
  deniedRetryMs = DENIED_RETRY_MS,
): Promise<ControlResult> {
  const deadline = Date.now() + trySeconds * 1000;
  let deniedUntil: number | undefined;
  // Until the daemon listens, an in-process connect tells so for a fraction of what running ncs_cmd costs: with
  // 3 NSO booting on 2 CPUs, ncs_cmd every 50 ms for their first seconds cost about as much CPU as the Erlang VMs
  // it replaces. The connect is closed at once, as `nso-multi status` does.
  const address = env.NCS_IPC_ADDR || '127.0.0.1';
  const port = Number(env.NCS_IPC_PORT);
  await waitUntil(
    async () => signal.aborted || (await isListening(address, port)),
    deadline - Date.now(),
    PORT_POLL_MS,
  );
  for (let pause = FIRST_RETRY_MS; ; pause = Math.min(pause * 2, MAX_RETRY_MS)) {
    const run = await runBounded(file, ['-c', 'wait-start 2'], {
      env,
      timeoutMs: Math.max(1, deadline + AFTER_CONNECT_MS - Date.now()),
      signal,
    });
    const result = { exitCode: run.exitCode, output: run.output, timedOut: run.timedOut };
    if (run.spawnError) return { ...result, output: `cannot run ${file}: ${run.spawnError.message}` };
    if (run.exitCode === 0 || run.timedOut || signal.aborted) return result;
    const remaining = deadline - Date.now();
    if (DENIED.test(run.output)) deniedUntil ??= Date.now() + deniedRetryMs;
    const retry = RETRY.test(run.output) || (deniedUntil !== undefined && Date.now() < deniedUntil);
    if (!retry || remaining <= 0) {
      return { ...result, output: describeNcsCmdFailure(run.output, run.exitCode) };
    }
    try {
      await delay(Math.min(pause, remaining), undefined, { signal });
    } catch {
      return result;
    }
  }
}

// `ncs_cmd -c stop`: returns once the daemon has stopped (maapi_stop, synchronous), like `ncs --stop`.
export async function ncsCmdStop(
  file: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ControlResult> {
  const run = await runBounded(file, ['-c', 'stop'], { env, timeoutMs, killAfterMs: 2000 });
  const output = run.spawnError ? `cannot run ${file}: ${run.spawnError.message}` : run.output;
  return { exitCode: run.exitCode, output, timedOut: run.timedOut };
}
