// The client side of the simulator's IPC protocol, used by `--status`, `--stop` and `--wait-started`.
import { connect } from 'node:net';
import { NsoMultiError } from '../errors.js';
import type { DaemonRequest, DaemonResponse } from './protocol.js';
import {
  ACCESS_OK_LINE,
  accessDigest,
  BANNER,
  CHALLENGE_LENGTH,
  MAX_LINE_BYTES,
  parseResponse,
} from './protocol.js';
import type { Endpoint } from './sim-config.js';
import { SocketReader } from './socket-reader.js';

/**
 * What a control request came to: `refused` means no daemon listens there; `closed` that the daemon checks
 * access and the client has no secret (NSO's daemon then just closes the connection); `access-denied` a wrong
 * secret, or a secret offered to a daemon that does not check.
 */
export type ControlOutcome =
  | { kind: 'answered'; response: DaemonResponse }
  | { kind: 'refused' }
  | { kind: 'closed' }
  | { kind: 'access-denied' }
  | { kind: 'failed'; message: string };

// Which daemon control commands reach: NCS_IPC_PATH wins, else NCS_IPC_ADDR / NCS_IPC_PORT (127.0.0.1:4569).
export function ipcTargetFromEnv(env: NodeJS.ProcessEnv): Endpoint {
  if (env.NCS_IPC_PATH) return { path: env.NCS_IPC_PATH };
  const portText = env.NCS_IPC_PORT || '4569';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) {
    throw new NsoMultiError('USAGE', `NCS_IPC_PORT="${portText}" is not a port number`, {
      hint: 'Set NCS_IPC_PORT to the instance IPC port (1..65535), e.g. by sourcing its env file.',
    });
  }
  return { host: env.NCS_IPC_ADDR || '127.0.0.1', port };
}

// Sends one request to the daemon at `target`, doing the access check when the daemon asks for it.
export async function sendControlRequest(
  target: Endpoint,
  secret: Buffer | null,
  request: DaemonRequest,
  timeoutMs: number,
): Promise<ControlOutcome> {
  const socket = connect('path' in target ? { path: target.path } : { host: target.host, port: target.port });
  const connectError = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('error', resolve);
  });
  if (connectError !== null) {
    socket.destroy();
    const refused = connectError.code === 'ECONNREFUSED' || connectError.code === 'ENOENT';
    return refused ? { kind: 'refused' } : { kind: 'failed', message: connectError.message };
  }
  let timedOut = false;
  socket.setTimeout(timeoutMs, () => {
    timedOut = true;
    socket.destroy();
  });
  const reader = new SocketReader(socket);
  try {
    // The daemon always speaks first with 16 bytes: the banner, or an access-check challenge.
    const first = await reader.readBytes(CHALLENGE_LENGTH);
    if (first === null) return lost(timedOut, 'before the handshake');
    const daemonChecks = !first.equals(BANNER);
    if (daemonChecks && secret === null) return { kind: 'closed' };
    if (!daemonChecks && secret !== null) return { kind: 'access-denied' };
    if (secret !== null) {
      socket.write(accessDigest(secret, first));
      const verdict = await reader.readLine(ACCESS_OK_LINE.length + 1);
      if (verdict !== ACCESS_OK_LINE) return timedOut ? lost(true, '') : { kind: 'access-denied' };
    }
    socket.write(`${request}\n`);
    const line = await reader.readLine(MAX_LINE_BYTES);
    if (line === null) return lost(timedOut, 'before answering');
    const response = parseResponse(line);
    if (response === null)
      return { kind: 'failed', message: 'the daemon sent an answer this client does not understand' };
    return { kind: 'answered', response };
  } finally {
    socket.destroy();
  }
}

function lost(timedOut: boolean, when: string): ControlOutcome {
  if (timedOut) return { kind: 'failed', message: 'the daemon did not answer in time' };
  return { kind: 'failed', message: `the daemon closed the connection ${when}` };
}
