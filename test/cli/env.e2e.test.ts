import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const BASE = 25000;
const SPEC = `layout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n  - name: two\n    ipc: { accessCheck: { enabled: false } }\n`;

const shells = ['bash', 'dash', 'zsh'].filter((shell) => {
  try {
    execFileSync('which', [shell], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

// Runs a shell script and returns the named variables as the shell sees them.
function shellVars(
  shell: string,
  script: string,
  names: string[],
  cwd: string,
): Record<string, string | null> {
  const print = names.map(
    (n) => `if [ -n "\${${n}+set}" ]; then printf '%s\\0' "$${n}"; else printf '<unset>\\0'; fi`,
  );
  const out = execFileSync(shell, ['-c', `${script}\n${print.join('\n')}`], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      NCS_IPC_PATH: '/tmp/stale-socket',
      NCS_IPC_ACCESS_FILE: '/tmp/stale-secret',
      // Read before NCS_IPC_ACCESS_FILE / instead of NCS_IPC_ADDR by some of NSO's clients.
      CONFD_IPC_ACCESS_FILE: '/tmp/stale-secret',
      CONFD_IPC_EXTADDR: '127.0.0.9',
      NCS_IPC_EXTADDR: '127.0.0.9',
    },
  });
  const values = out.split('\0').slice(0, names.length);
  return Object.fromEntries(names.map((n, i) => [n, values[i] === '<unset>' ? null : (values[i] ?? null)]));
}

let dir: { path: string; remove: () => Promise<void> };
let project: string;
beforeEach(async () => {
  dir = await tempDir();
  // A project folder whose path has what breaks naive quoting: spaces, quotes, $, backticks, a backslash.
  project = join(dir.path, `my "lab" $HOME \`id\` back\\slash`);
  await mkdir(project);
  await writeFile(join(project, 'nso-multi.yaml'), SPEC);
});
afterEach(async () => {
  await dir.remove();
});

describe('env files and nso-multi env', () => {
  it.each(shells)(
    '%s reads the env file back exactly, and it replaces what another instance left',
    async (shell) => {
      const rendered = await runCli(['render', '--json'], project);
      expect(rendered.code).toBe(0);
      const [one, two] = JSON.parse(rendered.stdout).instances;
      const names = [
        'NCS_IPC_ADDR',
        'NCS_IPC_PORT',
        'NCS_IPC_ACCESS_FILE',
        'NCS_IPC_PATH',
        'NSO_MULTI_RUN_DIR',
        'NSO_MULTI_NCS_CONF',
        'CONFD_IPC_ACCESS_FILE',
        'CONFD_IPC_EXTADDR',
        'NCS_IPC_EXTADDR',
      ];
      const vars = shellVars(shell, `. ./.env.one`, names, project);
      expect(vars).toEqual({
        NCS_IPC_ADDR: '127.0.0.1',
        NCS_IPC_PORT: String(one.ports.ipc),
        NCS_IPC_ACCESS_FILE: one.secretFile,
        NCS_IPC_PATH: null,
        NSO_MULTI_RUN_DIR: one.runDir,
        NSO_MULTI_NCS_CONF: one.ncsConf,
        CONFD_IPC_ACCESS_FILE: null,
        CONFD_IPC_EXTADDR: null,
        NCS_IPC_EXTADDR: null,
      });
      const after = shellVars(shell, `. ./.env.one\n. ./.env.two`, names, project);
      expect(after).toMatchObject({ NCS_IPC_PORT: String(two.ports.ipc), NCS_IPC_ACCESS_FILE: null });
    },
  );

  it('eval "$(nso-multi env NAME)" sets the same variables as the env file', async () => {
    await runCli(['render'], project);
    const printed = await runCli(['env', 'one'], project);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toBe('');
    const names = [
      'NCS_IPC_PORT',
      'NCS_IPC_ACCESS_FILE',
      'CONFD_IPC_ACCESS_FILE',
      'NCS_IPC_EXTADDR',
      'NSO_MULTI_INSTANCE',
      'NSO_MULTI_CLI_SSH_PORT',
    ];
    const viaEval = shellVars('bash', `eval "$(cat <<'EOF_'\n${printed.stdout}EOF_\n)"`, names, project);
    const viaFile = shellVars('bash', '. ./.env.one', names, project);
    expect(viaEval).toEqual(viaFile);
    expect(viaEval.NSO_MULTI_INSTANCE).toBe('one');
    expect(viaEval.CONFD_IPC_ACCESS_FILE).toBeNull();
  });

  it('--format json and dotenv carry the same values', async () => {
    const rendered = JSON.parse((await runCli(['render', '--json'], project)).stdout);
    const json = JSON.parse((await runCli(['env', 'one', '--format', 'json'], project)).stdout);
    expect(json.NCS_IPC_PORT).toBe(String(rendered.instances[0].ports.ipc));
    expect(json.NSO_MULTI_RUN_DIR).toBe(rendered.instances[0].runDir);
    const dotenv = await runCli(['env', 'one', '--format', 'dotenv'], project);
    expect(dotenv.stdout).toMatch(/^NCS_IPC_PORT=/m);
    expect(dotenv.stdout).not.toMatch(/^export /m);
  });

  it('says to render first when an instance has no state (exit 1), and rejects a bad format (exit 2)', async () => {
    const missing = await runCli(['env', 'one'], project);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('instance one has not been rendered');
    expect(missing.stderr).toContain('nso-multi render');
    await runCli(['render'], project);
    const unknown = await runCli(['env', 'three'], project);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('rendered instances: one, two');
    const format = await runCli(['env', 'one', '--format', 'xml'], project);
    expect(format.code).toBe(2);
  });

  it('warns on stderr when the spec changed after the last render', async () => {
    await runCli(['render'], project);
    await writeFile(join(project, 'nso-multi.yaml'), `${SPEC}  - name: three\n`);
    const result = await runCli(['env', 'one'], project);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('changed since the last render');
  });

  it('finds the state of a spec with its own workdir', async () => {
    await writeFile(join(project, 'nso-multi.yaml'), `workdir: "run area"\n${SPEC}`);
    await runCli(['render'], project);
    const result = await runCli(['env', 'two', '--format', 'json'], project);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).NSO_MULTI_RUN_DIR).toBe(join(project, 'run area', 'two'));
  });
});
