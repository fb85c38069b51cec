// The simulated NSO daemon in this process: reads ncs.conf, binds every listener, serves IPC until stopped.
import { readFileSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { NsoMultiError } from '../errors.js';
import type { DaemonLog } from './daemon-files.js';
import { openDaemonLog, removePidFile, writePidFile } from './daemon-files.js';
import { serveIpcSession } from './ipc-session.js';
import type { BoundListener } from './listeners.js';
import { bindAll, closeAll } from './listeners.js';
import { parseNcsConf } from './ncs-conf.js';
import type { DaemonResponse } from './protocol.js';
import { readDaemonSecret } from './secret-file.js';
import type { SimConfig, SimListener } from './sim-config.js';
import { formatEndpoint } from './sim-config.js';
import { snmpAgentListener } from './snmp-agent.js';
import { badConfig, startFailureLines } from './start-errors.js';

/** What the NETCONF and CLI listeners say on connect; they are not real SSH servers. */
export const SSH_GREETING = 'SSH-2.0-nso-multi-sim\r\n';

/** How long a `stop` waits for its answer to reach the client before the daemon is gone anyway. */
const STOP_ANSWER_TIMEOUT_MS = 2_000;

export interface DaemonOptions {
  /** The daemon's working directory (`--cd`), absolute; relative paths in ncs.conf resolve against it. */
  runDir: string;
  /** The configuration file (`-c FILE`, or ncs's default that the command line chose), absolute. */
  confFile: string;
  env: NodeJS.ProcessEnv;
  version: string;
}

/** A started daemon. `stopped` settles once it has closed everything, by `--stop`, a signal or `stop()`. */
export interface RunningDaemon {
  pid: number;
  config: SimConfig;
  listeners: readonly BoundListener[];
  stopped: Promise<void>;
  stop(reason: string): void;
}

// Starts the daemon; throws an NsoMultiError whose exitCode is NSO's (20 bind, 21 bad configuration).
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  if (!isDirectory(options.runDir)) {
    throw new NsoMultiError('IO', `Cannot change directory to ${options.runDir}: not a directory`, {
      hint: 'Give --cd an existing run directory.',
    });
  }
  const log = openDaemonLog(options.runDir);
  try {
    const config = readConfig(options);
    const secret = config.accessCheckFile === null ? null : readDaemonSecret(config.accessCheckFile);
    return await serve(config, secret, log, options);
  } catch (error) {
    for (const line of startFailureLines(error).lines) log.write(line);
    throw error;
  }
}

function readConfig(options: DaemonOptions): SimConfig {
  const file = options.confFile;
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw badConfig(`cannot read the configuration file ${file} (${code})`, error);
  }
  const config = parseNcsConf(xml, { file, runDir: options.runDir, env: options.env });
  // The SNMP agent binds last, like the other listeners all or nothing.
  const snmp = snmpAgentListener(config.loadPath ?? []);
  return snmp === null ? config : { ...config, listeners: [...config.listeners, snmp] };
}

async function serve(
  config: SimConfig,
  secret: Buffer | null,
  log: DaemonLog,
  options: DaemonOptions,
): Promise<RunningDaemon> {
  const clients = new Set<Socket>();
  let listeners: BoundListener[] = [];
  // IPC connections accepted while later listeners are still binding wait, so no one sees a half-started daemon.
  let settleStart: (started: boolean) => void = () => {};
  const started = new Promise<boolean>((resolve) => {
    settleStart = resolve;
  });
  let finish: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let stopping = false;
  // Closes everything except `keep` (the connection that asked to stop and still needs its answer).
  const shutDown = (reason: string, keep?: Socket): boolean => {
    if (stopping) return false;
    stopping = true;
    closeAll(listeners);
    for (const socket of clients) if (socket !== keep) socket.destroy();
    removePidFile(options.runDir);
    log.write(`stopped (${reason})`);
    return true;
  };

  const status = (): DaemonResponse => ({
    ok: true,
    status: 'started',
    version: options.version,
    pid: process.pid,
    listeners: listeners.map((b) => ({ label: b.listener.label, endpoint: formatEndpoint(b.endpoint) })),
  });
  const stopOn = (socket: Socket): void => {
    if (!shutDown('stop requested over IPC', socket)) return void socket.destroy();
    const timer = setTimeout(() => socket.destroy(), STOP_ANSWER_TIMEOUT_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      finish();
    });
    socket.end(`${JSON.stringify({ ok: true, stopped: true })}\n`);
  };
  const onConnection = (listener: SimListener, socket: Socket): void => {
    clients.add(socket);
    socket.once('close', () => clients.delete(socket));
    socket.on('error', () => socket.destroy());
    if (listener.key === 'ipc') {
      started
        .then(async (ok) => {
          if (ok) await serveIpcSession(socket, { secret, log, status, stop: stopOn });
          else socket.destroy();
        })
        .catch(() => socket.destroy());
    } else {
      socket.write(SSH_GREETING);
    }
  };

  try {
    listeners = await bindAll(config.listeners, onConnection);
  } catch (error) {
    settleStart(false);
    for (const socket of clients) socket.destroy();
    throw error;
  }
  writePidFile(options.runDir, process.pid);
  log.write(`started: ${options.version} pid ${process.pid} config ${config.file}`);
  log.write(`IPC access check ${config.accessCheckFile === null ? 'disabled' : 'enabled'}`);
  for (const b of listeners) log.write(`listening: ${b.listener.label} ${formatEndpoint(b.endpoint)}`);
  settleStart(true);

  return {
    pid: process.pid,
    config,
    listeners,
    stopped,
    stop(reason: string): void {
      if (shutDown(reason)) finish();
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
