// The plan of an instance with IPC over a Unix socket: no IPC port, no secret, NCS_IPC_PATH in its env.
import { describe, expect, it } from 'vitest';
import { instanceSpec, projectSpec } from '../../test/helpers/instance-spec.js';
import { thrown } from '../../test/helpers/thrown.js';
import { isNsoMultiError } from '../errors.js';
import type { InstanceSpec } from '../model.js';
import { buildPlan, enabledListeners } from './build-plan.js';
import { checkLocalIpc } from './local-ipc-check.js';
import { nodeName } from './node-name.js';

// The instance's IPC settings over the default ones (TCP on 127.0.0.1 with the access check).
const instance = (name: string, ipc: Partial<InstanceSpec['ipc']> = {}): InstanceSpec =>
  instanceSpec({ name, ipc: { ...instanceSpec().ipc, ...ipc } });

const spec = (instances: InstanceSpec[], workdir = '/proj/.nso-multi') =>
  projectSpec(instances, { project: 'lab.x', workdir });

const unix = instance('one', { transport: 'unix' });
const tcp = instance('two');

describe('a plan with ipc.transport unix', () => {
  const plan = buildPlan(
    spec([unix, tcp]),
    { one: { netconfSsh: 20011, cliSsh: 20013 }, two: { ipc: 20020, netconfSsh: 20021, cliSsh: 20023 } },
    [],
    '6.4',
  );
  const [one, two] = plan.instances;

  it('allocates no IPC port and lists no IPC listener', () => {
    expect(enabledListeners(unix).map((l) => l.key)).toEqual(['netconfSsh', 'cliSsh']);
    expect(one?.ports.ipc).toBeNull();
    expect(one?.listeners.map((l) => l.key)).toEqual(['netconfSsh', 'cliSsh']);
  });

  it('writes no secret: local IPC checks the Unix UID instead', () => {
    expect(one?.secretFile).toBeNull();
    expect(two?.secretFile).toBe('/proj/.nso-multi/two/ipc_access');
  });

  it('puts NCS_IPC_PATH (default <runDir>/ipc.sock) in the env and unsets the TCP variables', () => {
    expect(one?.env.NCS_IPC_PATH).toBe('/proj/.nso-multi/one/ipc.sock');
    expect(Object.keys(one?.env ?? {})).not.toContain('NCS_IPC_PORT');
    expect(Object.keys(one?.env ?? {})).not.toContain('NCS_IPC_ADDR');
    expect(one?.unset?.slice(0, 4)).toEqual([
      'NCS_IPC_ADDR',
      'NCS_IPC_PORT',
      'NCS_IPC_ACCESS_FILE',
      'CONFD_IPC_ACCESS_FILE',
    ]);
    expect(one?.unset).toContain('NCS_IPC_EXTADDR');
  });

  it('keeps TCP IPC as before for the other instance', () => {
    expect(two?.env).toMatchObject({ NCS_IPC_ADDR: '127.0.0.1', NCS_IPC_PORT: '20020' });
    expect(two?.unset?.[0]).toBe('NCS_IPC_PATH');
    expect(two?.unset).not.toContain('NCS_IPC_ACCESS_FILE');
  });

  it('uses ipc.path when given', () => {
    const given = instance('one', { transport: 'unix', path: '/tmp/s/one.sock' });
    const [only] = buildPlan(spec([given]), { one: { netconfSsh: 1, cliSsh: 3 } }, [], '6.4').instances;
    expect(only?.env.NCS_IPC_PATH).toBe('/tmp/s/one.sock');
  });

  it('gives every instance a distinct Erlang node name (sname) made of valid characters', () => {
    expect(one?.env.sname).toBe(nodeName({ project: 'lab.x', workdir: plan.workdir }, 'one'));
    expect(one?.env.sname).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(one?.env.sname).not.toBe(two?.env.sname);
  });
});

describe('checkLocalIpc', () => {
  it('accepts TCP IPC on any version and a Unix socket on 6.4', () => {
    expect(() => checkLocalIpc(spec([tcp]), '6.2')).not.toThrow();
    expect(() => checkLocalIpc(spec([unix, tcp]), '6.4')).not.toThrow();
  });

  it('refuses a Unix socket when the detected NSO is older than 6.4 (exit 2)', () => {
    const error = thrown(() => checkLocalIpc(spec([unix]), '6.2.5'));
    expect(isNsoMultiError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toBe(
      'instance one: ipc.transport unix needs NSO 6.4 or later, but the target NSO is 6.2.5',
    );
  });

  it('refuses a default socket path past 107 bytes, e.g. from a --workdir override, naming the length', () => {
    const workdir = `/tmp/${'w'.repeat(95)}`;
    const error = thrown(() => checkLocalIpc(spec([unix], workdir), '6.4'));
    expect(isNsoMultiError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `instance one: the IPC socket path ${workdir}/one/ipc.sock is 113 bytes long; a Unix socket path may have at most 107`,
    );
    expect(isNsoMultiError(error) && error.hint).toContain('shorter `workdir`');
  });
});
