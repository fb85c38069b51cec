import { describe, expect, it } from 'vitest';
import { isNsoMultiError, type NsoMultiError } from '../../src/errors.js';
import { execInInstance } from '../../src/project/exec-instance.js';
import { useSimProject } from '../helpers/start-sim-cluster.js';

// Ports of this file's specs: a block region no other test file uses.
const BASE = 26400;
const SPEC = `layout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n  - name: two\n`;

const project = useSimProject(SPEC);

async function failure(promise: Promise<unknown>): Promise<NsoMultiError> {
  const error = await promise.catch((e: unknown) => e);
  if (!isNsoMultiError(error)) throw new Error(`expected an NsoMultiError, got ${String(error)}`);
  return error;
}

describe('execInInstance', () => {
  it("runs the command with the instance's environment over the caller's", async () => {
    await project().render();
    const port = (await project().state()).instances.two!.ports.ipc;
    const check = `test "$NCS_IPC_PORT" = ${port} && test "$NSO_MULTI_INSTANCE" = two && test -z "\${NCS_IPC_PATH+x}"`;
    const baseEnv = { ...process.env, NCS_IPC_PORT: '4569', NCS_IPC_PATH: '/tmp/other-nso' };
    const code = await execInInstance({
      cwd: project().dir,
      name: 'two',
      command: 'sh',
      args: ['-c', check],
      baseEnv,
    });
    expect(code).toBe(0);
  });

  it('resolves with the exit code, and 128+n when the command dies of signal n', async () => {
    await project().render();
    const run = (script: string) =>
      execInInstance({ cwd: project().dir, name: 'one', command: 'sh', args: ['-c', script] });
    expect(await run('exit 7')).toBe(7);
    expect(await run('kill -TERM $$')).toBe(128 + 15);
  });

  it('fails with exit code 127 for a command that does not exist', async () => {
    await project().render();
    const error = await failure(
      execInInstance({ cwd: project().dir, name: 'one', command: 'no-such-command-nso-multi', args: [] }),
    );
    expect(error.exitCode).toBe(127);
    expect(error.message).toBe('command not found: no-such-command-nso-multi');
  });

  it('rejects an unknown instance (exit 2) and a project not rendered yet', async () => {
    const early = await failure(
      execInInstance({ cwd: project().dir, name: 'one', command: 'true', args: [] }),
    );
    expect(early.code).toBe('NOT_RENDERED');
    await project().render();
    const unknown = await failure(
      execInInstance({ cwd: project().dir, name: 'three', command: 'true', args: [] }),
    );
    expect(unknown).toMatchObject({ code: 'UNKNOWN_INSTANCE', exitCode: 2 });
  });
});
