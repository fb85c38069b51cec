// Test helpers for the simulator: run the built `ncs` simulator, write ncs.conf files, probe loopback ports,
// and stop every daemon a test started.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { simMain } from '../../src/sim/main.js';

export const SIM_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/sim/bin.js');

export interface SimResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The environment a simulator run gets: this process's, without anything that would aim it at another daemon.
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'NCS_IPC_PATH',
    'NCS_IPC_PORT',
    'NCS_IPC_ADDR',
    'NCS_IPC_ACCESS_FILE',
    'NSO_MULTI_SIM_VERSION',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

// Runs `node dist/sim/bin.js ARGS` to completion and collects its output.
export function runSim(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<SimResult> {
  if (!existsSync(SIM_BIN))
    throw new Error(`${SIM_BIN} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  const child = spawn(process.execPath, [SIM_BIN, ...args], { env: cleanEnv(env), cwd, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

// Ports that were free on 127.0.0.1 a moment ago, all different.
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen(0));
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(closeServer));
  }
}

// A plain listener on 127.0.0.1:port, to hold a port the simulator should fail to bind.
export function listen(port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', fail);
    server.listen({ host: '127.0.0.1', port }, () => done(server));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((done) => server.close(() => done()));
}

// Connects to a TCP port or Unix socket; resolves with the first bytes received (or '' on close), or null if
// the connection is refused.
export function firstBytes(target: number | string): Promise<string | null> {
  return new Promise((done) => {
    const socket =
      typeof target === 'number' ? connect({ host: '127.0.0.1', port: target }) : connect(target);
    socket.setTimeout(5_000, () => socket.destroy());
    socket.once('data', (data) => {
      socket.destroy();
      done(data.toString('latin1'));
    });
    socket.once('error', () => done(null));
    socket.once('close', () => done(''));
  });
}

// Opens a connection and keeps it; `closed` settles when the other side closes it.
export function holdConnection(port: number): Promise<{ closed: Promise<void> }> {
  return new Promise((done, fail) => {
    const socket = connect({ host: '127.0.0.1', port });
    const closed = new Promise<void>((onClosed) => socket.once('close', () => onClosed()));
    socket.on('error', () => socket.destroy());
    // Consume the greeting: a paused socket never sees the end of the stream.
    socket.resume();
    socket.once('connect', () => done({ closed }));
    socket.once('error', fail);
  });
}

// Waits until `condition` holds, failing after `timeoutMs`.
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

// True while a process with that pid exists and is not a zombie.
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export interface ConfOptions {
  ipc?: number;
  /** Use ncs-local-ipc with this socket path instead of TCP IPC. */
  localIpc?: string;
  netconfSsh?: number;
  netconfTcp?: number;
  cliSsh?: number;
  /** Enable the IPC access check with this secret file. */
  accessFile?: string;
}

// An ncs.conf with every listener on 127.0.0.1; listeners not given are switched off.
export function ncsConf(o: ConfOptions): string {
  const tcp = (port: number | undefined) =>
    port === undefined
      ? '<enabled>false</enabled>'
      : `<enabled>true</enabled><ip>127.0.0.1</ip><port>${port}</port>`;
  return `<?xml version="1.0"?>
<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <ncs-ipc-address><ip>127.0.0.1</ip><port>${o.ipc ?? 0}</port></ncs-ipc-address>
  ${o.localIpc === undefined ? '' : `<ncs-local-ipc><enabled>true</enabled><path>${o.localIpc}</path></ncs-local-ipc>`}
  ${o.accessFile === undefined ? '' : `<ncs-ipc-access-check><enabled>true</enabled><filename>${o.accessFile}</filename></ncs-ipc-access-check>`}
  <netconf-north-bound>
    <transport><ssh>${tcp(o.netconfSsh)}</ssh><tcp>${tcp(o.netconfTcp)}</tcp></transport>
  </netconf-north-bound>
  <cli><ssh>${tcp(o.cliSsh)}</ssh></cli>
</ncs-config>
`;
}

/** A temp run dir per test plus the environment that reaches its daemon; `cleanup()` stops and removes all. */
export class SimSandbox {
  readonly dirs: string[] = [];
  readonly daemons: { runDir: string; env: NodeJS.ProcessEnv }[] = [];

  // A new empty run dir under the OS temp dir.
  runDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'nso-multi-sim-'));
    this.dirs.push(dir);
    return dir;
  }

  // A run dir holding `ncs.conf` with `text`.
  withConf(text: string): string {
    const dir = this.runDir();
    writeFileSync(join(dir, 'ncs.conf'), text);
    return dir;
  }

  // Remembers a daemon that may be running, so cleanup stops it.
  track(runDir: string, env: NodeJS.ProcessEnv): void {
    this.daemons.push({ runDir, env });
  }

  // Stops every tracked daemon (`--stop`, then SIGKILL of the pid in its pid file) and removes the dirs.
  async cleanup(): Promise<void> {
    for (const { runDir, env } of this.daemons.splice(0)) {
      const pidFile = join(runDir, 'logs', 'ncs.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : Number.NaN;
      // In-process: the control client needs no daemon entry, and cleanup stays quick.
      await simMain(['--stop'], cleanEnv(env), { out: () => {}, err: () => {} }).catch(() => undefined);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        process.kill(pid, 'SIGKILL');
        await waitFor(() => !isAlive(pid), `pid ${pid} to die`).catch(() => undefined);
      }
    }
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

// The pid the daemon recorded in its run dir, or null.
export function pidFromFile(runDir: string): number | null {
  const file = join(runDir, 'logs', 'ncs.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : null;
}
