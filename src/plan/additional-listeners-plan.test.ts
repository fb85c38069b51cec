import { describe, expect, it } from 'vitest';
import {
  IPC_WITHOUT_CHECK,
  instanceSpec,
  NETCONF_OFF,
  projectSpec,
} from '../../test/helpers/instance-spec.js';
import type { InstanceSpec } from '../model.js';
import { additionalListenerEnvVar } from './additional-listeners-plan.js';
import { buildPlan } from './build-plan.js';

function instance(name: string, withEntries: boolean): InstanceSpec {
  return instanceSpec({
    name,
    ipc: IPC_WITHOUT_CHECK,
    netconf: NETCONF_OFF,
    ...(withEntries
      ? {
          additionalListen: [
            {
              id: 'cliSsh.extraListen.1',
              parent: 'cliSsh',
              kind: 'extraListen',
              index: 1,
              address: '127.0.0.1',
              templateAddress: '0.0.0.0',
            },
          ],
        }
      : {}),
  });
}

const spec = (instances: InstanceSpec[]) =>
  projectSpec(instances, { dir: '/p', layout: { base: 16300, stride: 10 } });

describe('additional listeners in the plan', () => {
  it('names variables after the parent listener', () => {
    expect(additionalListenerEnvVar('cliSsh', 'extraListen', 1)).toBe(
      'NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT',
    );
    expect(additionalListenerEnvVar('webuiTcp', 'haPrimaryListen', 2)).toBe(
      'NSO_MULTI_WEBUI_TCP_HA_PRIMARY_LISTEN_2_PORT',
    );
    expect(additionalListenerEnvVar('ipc', 'extraListen', 1)).toBe('NSO_MULTI_IPC_EXTRA_LISTEN_1_PORT');
  });

  it('carries the ports into the plan and the env file, and unsets them where another instance has none', () => {
    const plan = buildPlan(
      spec([instance('one', true), instance('two', false)]),
      {
        one: { ipc: 16310, cliSsh: 16313, 'cliSsh.extraListen.1': 16330 },
        two: { ipc: 16320, cliSsh: 16323 },
      },
      [],
      '6.2',
    );
    const [one, two] = plan.instances;
    expect(one?.additionalListeners).toEqual([
      expect.objectContaining({
        id: 'cliSsh.extraListen.1',
        port: 16330,
        envVar: 'NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT',
      }),
    ]);
    expect(one?.env.NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT).toBe('16330');
    expect(one?.unset).not.toContain('NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT');
    expect(two?.additionalListeners).toBeUndefined();
    expect(two?.env).not.toHaveProperty('NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT');
    expect(two?.unset).toContain('NSO_MULTI_CLI_SSH_EXTRA_LISTEN_1_PORT');
  });

  it('fails loudly when the allocator gave an entry no port (a bug)', () => {
    expect(() =>
      buildPlan(spec([instance('one', true)]), { one: { ipc: 16310, cliSsh: 16313 } }, [], '6.2'),
    ).toThrow(/no port allocated for one\.cliSsh\.extraListen\.1/);
  });
});
