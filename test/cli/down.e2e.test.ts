import { describe, expect, it } from 'vitest';
import { isListening } from '../../src/host/port-listening.js';
import { isAlive } from '../../src/host/process-identity.js';
import { runCli } from '../helpers/cli.js';
import { useSimProject } from '../helpers/start-sim-cluster.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 26800;
const SPEC = `layout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n  - name: two\n`;

const project = useSimProject(SPEC);

describe('nso-multi down', () => {
  it('stops every instance, one line each, and is a no-op the second time', async () => {
    const pids = await project().start();
    const first = await runCli(['down'], project().dir);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe('one: stopped (ncs --stop)\ntwo: stopped (ncs --stop)\n');
    for (const pid of Object.values(pids)) expect(await isAlive({ pid })).toBe(false);
    const ipc = (await project().state()).instances.one!.ports.ipc!;
    expect(await isListening('127.0.0.1', ipc)).toBe(false);
    const second = await runCli(['down'], project().dir);
    expect(second).toMatchObject({ code: 0, stdout: 'one: not running\ntwo: not running\n' });
    const status = JSON.parse((await runCli(['status', '--json'], project().dir)).stdout);
    expect(status.instances.map((i: { status: string }) => i.status)).toEqual(['stopped', 'stopped']);
  });

  it('stops only the named instance', async () => {
    const pids = await project().start();
    const result = await runCli(['down', 'one'], project().dir);
    expect(result).toMatchObject({ code: 0, stdout: 'one: stopped (ncs --stop)\n' });
    expect(await isAlive({ pid: pids.one! })).toBe(false);
    expect(await isAlive({ pid: pids.two! })).toBe(true);
  });

  it('--purge leaves the folder as it was before render', async () => {
    const before = await project().listing();
    await project().start();
    const result = await runCli(['down', '--purge'], project().dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('one: stopped (ncs --stop), purged\ntwo: stopped (ncs --stop), purged\n');
    expect(result.stderr).toContain('removed the state file and ./.nso-multi');
    expect(await project().listing()).toEqual(before);
    const again = await runCli(['down', '--purge'], project().dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing rendered yet');
  });

  it('rejects an unknown name with exit 2 and stops nothing', async () => {
    const pids = await project().start();
    const result = await runCli(['down', 'one', 'three'], project().dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown instance three');
    expect(await isAlive({ pid: pids.one! })).toBe(true);
  });
});
