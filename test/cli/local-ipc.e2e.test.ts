// `up --sim` with IPC over Unix sockets (NSO 6.4+ local IPC) beside TCP IPC, distinct Erlang node names and
// private SSH host keys; `down` removes the sockets.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeName } from '../../src/plan/node-name.js';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';

const SIM_BIN = join(REPO_ROOT, 'dist', 'sim', 'bin.js');

const SPEC = `project: ipc-e2e
nso: { version: "6.4" }
layout: { base: 19000, stride: 10 }
instances:
  - name: one
    ipc: { transport: unix }
    ssh: { hostKeys: private }
  - name: two
    ipc: { transport: unix }
  - name: three
`;

let dir: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  dir = await tempDir('nso-multi-ipc-');
});

afterEach(async () => {
  await cleanUpProject(dir);
});

// Sources an instance's env file in sh and runs the simulator's `--status` with nothing else set.
function statusThroughEnvFile(name: string): Promise<{ code: number; stdout: string }> {
  const script = `. ./.env.${name} && exec "$NODE" "$SIM" --status`;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE: process.execPath, SIM: SIM_BIN };
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { cwd: dir.path, env, timeout: 20_000 }, (error, stdout) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout });
    });
  });
}

async function environOf(pid: number): Promise<Record<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
  const pairs = raw.split('\0').filter((entry) => entry.includes('='));
  return Object.fromEntries(
    pairs.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

describe('local IPC over Unix sockets on the simulator', () => {
  it('starts unix and tcp instances side by side, each reachable through its env file; down removes the sockets', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
    const upped = await runCli(['up', '--sim'], dir.path);
    expect(upped.stderr).toMatch(/two: started/);
    expect(upped.code).toBe(0);

    const run = join(dir.path, '.nso-multi');
    const socket = (name: string) => join(run, name, 'ipc.sock');
    const status = JSON.parse((await runCli(['status', '--json'], dir.path)).stdout);
    const byName = Object.fromEntries(status.instances.map((i: { name: string }) => [i.name, i])) as Record<
      string,
      { status: string; pid: number; ports: { ipc: number | null }; listening: { ipc: boolean | null } }
    >;
    for (const name of ['one', 'two', 'three']) {
      expect(byName[name]?.status).toBe('running');
      expect(byName[name]?.listening.ipc).toBe(true);
    }
    expect(byName.one?.ports.ipc).toBeNull();
    expect(byName.two?.ports.ipc).toBeNull();
    expect(byName.three?.ports.ipc).toEqual(expect.any(Number));
    const table = (await runCli(['status'], dir.path)).stdout;
    expect(table).toMatch(/^one +running +\d+ +unix /m);
    expect((await stat(socket('one'))).isSocket()).toBe(true);
    expect((await stat(socket('two'))).isSocket()).toBe(true);

    // The env files: a socket path and no TCP variables for unix, the port for tcp.
    const envOne = await readFile(join(dir.path, '.env.one'), 'utf8');
    expect(envOne).toContain(`export NCS_IPC_PATH='${socket('one')}'`);
    expect(envOne).toContain('unset NCS_IPC_ADDR NCS_IPC_PORT NCS_IPC_ACCESS_FILE');
    expect(envOne).not.toMatch(/NCS_IPC_PORT=/);
    expect(await readFile(join(dir.path, '.env.three'), 'utf8')).toMatch(/export NCS_IPC_PORT='\d+'/);
    expect(existsSync(join(run, 'one', 'ipc_access'))).toBe(false);

    // Each env file reaches its own daemon.
    for (const name of ['one', 'two']) {
      const reached = await statusThroughEnvFile(name);
      expect(reached.code).toBe(0);
      expect(reached.stdout).toContain('status: started');
      expect(reached.stdout).toContain(socket(name));
    }
    const tcp = await statusThroughEnvFile('three');
    expect(tcp.code).toBe(0);
    expect(tcp.stdout).toContain(`127.0.0.1:${byName.three?.ports.ipc}`);

    // Every daemon runs with its own Erlang node name.
    const snames = await Promise.all(
      ['one', 'two', 'three'].map(async (name) => (await environOf(byName[name]!.pid)).sname),
    );
    expect(snames).toEqual(
      ['one', 'two', 'three'].map((name) =>
        nodeName({ project: 'ipc-e2e', workdir: join(dir.path, '.nso-multi') }, name),
      ),
    );
    expect(new Set(snames).size).toBe(3);

    const downed = await runCli(['down'], dir.path);
    expect(downed.code).toBe(0);
    expect(existsSync(socket('one'))).toBe(false);
    expect(existsSync(socket('two'))).toBe(false);
    const after = JSON.parse((await runCli(['status', '--json'], dir.path)).stdout);
    expect(after.instances.map((i: { status: string }) => i.status)).toEqual([
      'stopped',
      'stopped',
      'stopped',
    ]);
  });

  it('generates private SSH host keys once, keeps them across renders, and points ncs.conf at them', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
    const first = await runCli(['render'], dir.path);
    expect(first.code).toBe(0);
    const keyDir = join(dir.path, '.nso-multi', 'one', 'ssh');
    const key = join(keyDir, 'ssh_host_ed25519_key');
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    const keyText = await readFile(key, 'utf8');
    const confOne = await readFile(join(dir.path, '.nso-multi', 'one', 'ncs.conf'), 'utf8');
    expect(confOne).toContain(`<ssh-server-key-dir>${keyDir}</ssh-server-key-dir>`);
    // The instance with shared keys keeps the template's folder and gets none of its own.
    const confTwo = await readFile(join(dir.path, '.nso-multi', 'two', 'ncs.conf'), 'utf8');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the template's literal NSO variable
    expect(confTwo).toContain('<ssh-server-key-dir>${NCS_DIR}/etc/ncs/ssh</ssh-server-key-dir>');
    expect(existsSync(join(dir.path, '.nso-multi', 'two', 'ssh'))).toBe(false);

    expect((await runCli(['render'], dir.path)).code).toBe(0);
    expect(await readFile(key, 'utf8')).toBe(keyText);
  });

  it('refuses a socket path over 107 bytes and unix IPC for NSO before 6.4, with exit 2 and the fix', async () => {
    const long = `/tmp/${'x'.repeat(110)}.sock`;
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      `nso: { version: "6.4" }\ninstances:\n  - name: one\n    ipc: { transport: unix, path: "${long}" }\n`,
    );
    const tooLong = await runCli(['render'], dir.path);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain(
      `nso-multi.yaml:4:29: instances.0.ipc.path: the IPC socket path ${long} is 120 bytes long`,
    );
    expect(tooLong.stderr).toContain('set `ipc.path` to a shorter socket path');

    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      'nso: { version: "6.2" }\ninstances:\n  - name: one\n    ipc: { transport: unix }\n',
    );
    const old = await runCli(['up', '--sim'], dir.path);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain(
      'instances.0.ipc.transport: local IPC over a Unix socket needs NSO 6.4 or later',
    );
    expect(existsSync(join(dir.path, '.nso-multi'))).toBe(false);
  });
});
