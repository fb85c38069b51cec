import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { useSimProject } from '../helpers/start-sim-cluster.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 27000;
const SPEC = `layout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n  - name: two\n`;

const project = useSimProject(SPEC);

describe('nso-multi exec', () => {
  it("runs the command with the instance's env, passing every argument after -- untouched", async () => {
    await project().render();
    const port = (await project().state()).instances.one!.ports.ipc;
    const result = await runCli(
      ['exec', 'one', '--', 'sh', '-c', 'echo "$NCS_IPC_PORT" "$@"', 'sh', '--json', '-c', '--'],
      project().dir,
      { NCS_IPC_PORT: '4569' },
    );
    expect(result).toMatchObject({ code: 0, stdout: `${port} --json -c --\n`, stderr: '' });
  });

  it('takes the command without -- and options before the name', async () => {
    await project().render();
    const port = (await project().state()).instances.two!.ports.ipc;
    const result = await runCli(
      ['exec', '-c', join(project().dir, 'nso-multi.yaml'), 'two', 'sh', '-c', 'echo $NCS_IPC_PORT'],
      REPO_ROOT,
    );
    expect(result).toMatchObject({ code: 0, stdout: `${port}\n` });
  });

  it('exits with the command exit code, 127 for a missing command, 2 for an unknown instance', async () => {
    await project().render();
    expect((await runCli(['exec', 'one', '--', 'sh', '-c', 'exit 7'], project().dir)).code).toBe(7);
    const missing = await runCli(['exec', 'one', '--', 'no-such-command-nso-multi'], project().dir);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('command not found: no-such-command-nso-multi');
    const unknown = await runCli(['exec', 'three', '--', 'true'], project().dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown instance three');
    const usage = await runCli(['exec', 'one'], project().dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('exec needs a command to run');
  });

  it('reaches the running instance: ncs --status through exec talks to that daemon', async () => {
    const pids = await project().start();
    const sim = join(REPO_ROOT, 'dist', 'sim', 'bin.js');
    const result = await runCli(['exec', 'two', '--', process.execPath, sim, '--status'], project().dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`pid: ${pids.two}`);
  });
});
