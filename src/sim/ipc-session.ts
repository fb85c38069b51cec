// The daemon's side of one IPC connection: access check (or banner), one request, one answer.
import type { Socket } from 'node:net';
import type { DaemonLog } from './daemon-files.js';
import type { DaemonResponse } from './protocol.js';
import {
  ACCESS_OK_LINE,
  BANNER,
  CHALLENGE_LENGTH,
  isRightAnswer,
  MAX_LINE_BYTES,
  makeChallenge,
  parseRequest,
} from './protocol.js';
import { SocketReader } from './socket-reader.js';

/** A connection that says nothing is dropped after this long, so it cannot hold the daemon's resources. */
const IDLE_TIMEOUT_MS = 10_000;

export interface IpcSessionContext {
  /** The access-check secret; null when the check is off. */
  secret: Buffer | null;
  log: DaemonLog;
  status(): DaemonResponse;
  /** Stops the daemon and answers `stop` on `socket` once every listener is closed. */
  stop(socket: Socket): void;
}

// Serves one IPC connection from accept to close.
export async function serveIpcSession(socket: Socket, context: IpcSessionContext): Promise<void> {
  socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
  const reader = new SocketReader(socket);
  const peer = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : 'the local socket';

  if (context.secret === null) {
    socket.write(BANNER);
  } else {
    const challenge = makeChallenge();
    socket.write(challenge);
    const answer = await reader.readBytes(CHALLENGE_LENGTH);
    if (answer === null || !isRightAnswer(context.secret, challenge, answer)) {
      const why = answer === null ? 'the client closed the connection without answering' : 'wrong answer';
      context.log.write(`IPC access check failed for a connection from ${peer}: ${why}`);
      socket.destroy();
      return;
    }
    socket.write(`${ACCESS_OK_LINE}\n`);
  }

  const line = await reader.readLine(MAX_LINE_BYTES);
  if (line === null) {
    socket.destroy();
    return;
  }
  const request = parseRequest(line);
  // Only known request names are logged: an arbitrary line from a client could hold anything.
  context.log.write(`control request: ${request ?? 'unknown'} from ${peer}`);
  if (request === 'stop') {
    context.stop(socket);
    return;
  }
  const response: DaemonResponse =
    request === 'status' ? context.status() : { ok: false, error: 'unknown request' };
  socket.end(`${JSON.stringify(response)}\n`);
}
