// The control commands `--status`, `--stop` and `--wait-started`: talk to a running daemon, print like ncs.
// Exit codes and messages are those of NSO 6.2.5's `ncs` (measured, test/real-nso/sim-parity.test.ts):
// nothing answers: `connection refused (CMD)`, exit 1, except `--wait-started N` (N > 0), which retries for
// N seconds and then exits 2; a wrong secret: `Access check failed (CMD)`, exit 1; no secret while the daemon
// checks: `NCS daemon closed connection (CMD)`, exit 1, except `--stop`, which then exits 0 silently although
// the daemon keeps running. CMD is `status`, `stop` or `wait_started`.
import { setTimeout as delay } from 'node:timers/promises';
import type { ControlOutcome } from './client.js';
import { ipcTargetFromEnv, sendControlRequest } from './client.js';
import type { DaemonRequest } from './protocol.js';
import { readClientSecret } from './secret-file.js';
import type { SimIo } from './sim-io.js';

const REQUEST_TIMEOUT_MS = 10_000;
/** `--wait-started` retries soon after a refused connection, and keeps retrying often: a refused loopback
 * connect costs a fraction of a millisecond, while every millisecond between the daemon binding its IPC port
 * and the next try is a millisecond the caller (`nso-multi up`, a test) waits for nothing. Started together
 * with the daemon, it usually tries while the daemon's own Node.js is still starting (~100 ms). */
const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 20;

/** NSO's exit code when a control command could not connect within its TryTime. */
export const EXIT_CONNECT_TIMEOUT = 2;

/** The word ncs puts in `connection refused (...)` for each command. */
export type ControlCommand = 'status' | 'stop' | 'wait_started';

// `ncs --status`: prints the version, state, pid and listeners of the daemon.
export async function runStatus(env: NodeJS.ProcessEnv, io: SimIo): Promise<number> {
  const outcome = await request(env, secretFor(env, io), 'status');
  if (outcome.kind !== 'answered') return report(outcome, 'status', io);
  const r = outcome.response;
  if (!r.ok || !('status' in r)) return unexpected('status', io);
  io.out(`vsn: ${r.version}`);
  io.out(`status: ${r.status}`);
  io.out(`pid: ${r.pid}`);
  io.out('listen:');
  for (const l of r.listeners) io.out(`  ${l.label} ${l.endpoint}`);
  return 0;
}

// `ncs --stop`: returns 0 once the daemon has closed every listener.
export async function runStop(env: NodeJS.ProcessEnv, io: SimIo): Promise<number> {
  const outcome = await request(env, secretFor(env, io), 'stop');
  // NSO's `ncs --stop` takes a connection the daemon closes for want of a secret as done: exit 0, no message,
  // and the daemon still runs.
  if (outcome.kind === 'closed') return 0;
  if (outcome.kind !== 'answered') return report(outcome, 'stop', io);
  return outcome.response.ok && 'stopped' in outcome.response ? 0 : unexpected('stop', io);
}

// `ncs --wait-started [TryTime]`: retries for `trySeconds` until a daemon answers that it has started.
export async function runWaitStarted(env: NodeJS.ProcessEnv, trySeconds: number, io: SimIo): Promise<number> {
  const secret = secretFor(env, io);
  const deadline = Date.now() + trySeconds * 1000;
  for (let pause = FIRST_RETRY_MS; ; pause = Math.min(pause * 2, MAX_RETRY_MS)) {
    const outcome = await request(env, secret, 'status');
    if (outcome.kind === 'answered' && outcome.response.ok && 'status' in outcome.response) return 0;
    if (outcome.kind === 'access-denied' || outcome.kind === 'closed')
      return report(outcome, 'wait_started', io);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const code = report(outcome, 'wait_started', io);
      return outcome.kind === 'refused' && trySeconds > 0 ? EXIT_CONNECT_TIMEOUT : code;
    }
    await delay(Math.min(pause, remaining));
  }
}

// The client's secret, printing NSO's warning when NCS_IPC_ACCESS_FILE names a file it cannot read.
function secretFor(env: NodeJS.ProcessEnv, io: SimIo): Buffer | null {
  const { secret, warning } = readClientSecret(env);
  if (warning !== undefined) io.err(warning);
  return secret;
}

function request(
  env: NodeJS.ProcessEnv,
  secret: Buffer | null,
  what: DaemonRequest,
): Promise<ControlOutcome> {
  return sendControlRequest(ipcTargetFromEnv(env), secret, what, REQUEST_TIMEOUT_MS);
}

function report(outcome: ControlOutcome, command: ControlCommand, io: SimIo): number {
  if (outcome.kind === 'refused') io.err(`connection refused (${command})`);
  else if (outcome.kind === 'access-denied') io.err(`Access check failed (${command})`);
  else if (outcome.kind === 'closed') io.err(`NCS daemon closed connection (${command})`);
  else if (outcome.kind === 'failed') io.err(`${outcome.message} (${command})`);
  else return unexpected(command, io);
  return 1;
}

function unexpected(command: ControlCommand, io: SimIo): number {
  io.err(`unexpected answer from the daemon (${command})`);
  return 1;
}
