// One `ncs` under test for the parity suite: the real NSO's bin/ncs or nso-multi's simulator, given the same
// arguments, in a temp folder of its own with free loopback ports, an ncs.conf made from the bundled template,
// and a cleanup that stops and, if need be, kills every daemon the scenario started.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simBinPath } from '../../src/ncs/sim-bin-path.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { listen } from '../helpers/listen.js';
import { killProcessesMentioning } from '../helpers/processes.js';
import { NCS_DIR, nsoEnv } from './nso.js';

export type Impl = 'ncs' | 'sim';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Ports {
  ipc: number;
  netconfSsh: number;
  netconfTcp: number;
  cliSsh: number;
}

const RUN_TIMEOUT_MS = 90_000;
const TEMPLATE = join(REPO_ROOT, 'templates', 'ncs.conf.xml');
// The folders ncs-setup makes and the template's relative paths use.
const RUN_FOLDERS = ['packages', 'state', 'ncs-cdb', 'logs', 'scripts'];
let serial = 0;

// Free ports on 127.0.0.1, all different: held together while they are picked, then let go.
async function freePorts(): Promise<Ports> {
  const held = [await listen(0), await listen(0), await listen(0), await listen(0)];
  await Promise.all(held.map((h) => h.close()));
  const [ipc, netconfSsh, netconfTcp, cliSsh] = held.map((h) => h.port) as [number, number, number, number];
  return { ipc, netconfSsh, netconfTcp, cliSsh };
}

export class Scenario {
  private readonly foreground: ChildProcess[] = [];
  private readonly squatters: Array<() => Promise<void>> = [];
  /** Environments of daemons that may run: cleanup stops each (with its secret) before killing. */
  private readonly started: NodeJS.ProcessEnv[] = [];

  private constructor(
    readonly impl: Impl,
    readonly dir: string,
    readonly ports: Ports,
    private readonly sname: string,
  ) {}

  static async create(impl: Impl): Promise<Scenario> {
    const dir = await mkdtemp(join(tmpdir(), `nso-multi-parity-${impl}-`));
    serial += 1;
    return new Scenario(impl, dir, await freePorts(), `parity_${process.pid}_${serial}`);
  }

  /** The command line that runs this `ncs`. */
  get command(): string[] {
    return this.impl === 'ncs' ? [join(NCS_DIR, 'bin', 'ncs')] : [process.execPath, simBinPath()];
  }

  // Makes `DIR/<name>/` with ncs-setup's folders and an ncs.conf with this scenario's ports; returns its path.
  async runDir(
    name = 'run',
    options: { ipcPort?: string; accessFile?: string; ports?: Partial<Ports> } = {},
  ): Promise<string> {
    const runDir = join(this.dir, name);
    for (const folder of RUN_FOLDERS) await mkdir(join(runDir, folder), { recursive: true });
    const p = { ...this.ports, ...options.ports };
    let conf = (await readFile(TEMPLATE, 'utf8'))
      .replace('<port>4569</port>', `<port>${options.ipcPort ?? p.ipc}</port>`)
      .replace('<port>2022</port>', `<port>${p.netconfSsh}</port>`)
      .replace('<port>2023</port>', `<port>${p.netconfTcp}</port>`)
      .replace('<port>2024</port>', `<port>${p.cliSsh}</port>`);
    if (options.accessFile !== undefined) {
      conf = conf.replace(
        /<ncs-ipc-access-check>\s*<enabled>false<\/enabled>\s*<filename>[^<]*<\/filename>/,
        `<ncs-ipc-access-check><enabled>true</enabled><filename>${options.accessFile}</filename>`,
      );
      if (!conf.includes(options.accessFile)) throw new Error('the template has no ncs-ipc-access-check');
    }
    await writeFile(join(runDir, 'ncs.conf'), conf);
    return runDir;
  }

  // The environment a control command gets: NSO's, aimed at this scenario's IPC port.
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return nsoEnv({
      NCS_IPC_ADDR: '127.0.0.1',
      NCS_IPC_PORT: String(this.ports.ipc),
      sname: this.sname,
      ...extra,
    });
  }

  /** Runs `ncs ARGS` to completion (bounded), in `cwd` (default: the scenario folder). */
  run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
    const [file, ...pre] = this.command as [string, ...string[]];
    const began = Date.now();
    return new Promise((resolve) => {
      execFile(
        file,
        [...pre, ...args],
        {
          cwd: options.cwd ?? this.dir,
          env: options.env ?? this.env(),
          timeout: RUN_TIMEOUT_MS,
          killSignal: 'SIGKILL',
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({
            code,
            stdout: this.normalise(stdout),
            stderr: this.normalise(stderr),
            ms: Date.now() - began,
          });
        },
      );
    });
  }

  // Starts a daemon the way the rows do, remembering it for cleanup (env holds the secret a --stop needs).
  async start(args: string[], env: NodeJS.ProcessEnv = this.env()): Promise<Run> {
    this.started.push(env);
    return this.run(args, { env });
  }

  // `ncs ARGS --foreground` as nso-multi runs it: own process group, output to a file. Resolves on exit.
  startForeground(args: string[], logFile: string): { exited: Promise<number | null> } {
    const [file, ...pre] = this.command as [string, ...string[]];
    const fd = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(file, [...pre, ...args, '--foreground'], {
        cwd: this.dir,
        env: this.env(),
        detached: true,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    this.foreground.push(child);
    this.started.push(this.env());
    const exited = new Promise<number | null>((resolve) => {
      child.once('error', () => resolve(null));
      child.once('exit', (code) => resolve(code));
    });
    return { exited };
  }

  // Holds 127.0.0.1:port so that a daemon cannot bind it; false when something else holds it already.
  async squat(port: number): Promise<boolean> {
    try {
      const held = await listen(port);
      this.squatters.push(held.close);
      return true;
    } catch {
      return false;
    }
  }

  // Ports, this folder and the installation as placeholders, so messages of both `ncs` compare.
  normalise(text: string): string {
    let out = text.replaceAll(this.dir, 'DIR').replaceAll(NCS_DIR, 'NCS_DIR');
    for (const [name, port] of Object.entries(this.ports)) {
      out = out.replace(new RegExp(`(?<=\\D|^)${port}(?=\\D|$)`, 'g'), name.toUpperCase());
    }
    return out;
  }

  // Stops every daemon it may have started (with its own environment), then kills whatever still runs from
  // this folder, lets go of the squatted ports and removes the folder.
  async cleanup(): Promise<void> {
    for (const env of this.started) {
      const answer = await this.run(['--status'], { env });
      if (answer.code === 0) await this.run(['--stop'], { env });
    }
    for (const child of this.foreground) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    }
    await killProcessesMentioning(this.dir);
    for (const close of this.squatters) await close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
