import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_WITHOUT_CHECK, instanceSpec, projectSpec } from '../../test/helpers/instance-spec.js';
import type { InstanceSpec } from '../model.js';
import { LISTENER_KEYS } from '../nso/listeners.js';
import { buildPlan } from './build-plan.js';

// NETCONF on ::1, so that each listener's own address shows in the plan.
const instance = (name: string, overrides: Partial<InstanceSpec> = {}): InstanceSpec =>
  instanceSpec({ name, netconf: { ssh: true, tcp: false, address: '::1' }, ...overrides });

const spec = (workdir: string, envDir: string, instances: InstanceSpec[]) =>
  projectSpec(instances, { workdir, envDir });

/** The template listeners, none enabled here. */
const NO_EXTRAS = {
  webuiTcp: null,
  webuiSsl: null,
  restconfTcp: null,
  restconfSsl: null,
  ha: null,
  callHome: null,
  snmp: null,
  haRaft: null,
};
const EXTRA_VARS = [
  'NSO_MULTI_WEBUI_TCP_PORT',
  'NSO_MULTI_WEBUI_SSL_PORT',
  'NSO_MULTI_RESTCONF_TCP_PORT',
  'NSO_MULTI_RESTCONF_SSL_PORT',
  'NSO_MULTI_HA_PORT',
  'NSO_MULTI_CALL_HOME_PORT',
  'NSO_MULTI_HA_RAFT_PORT',
  // SNMP's comes after the template-decided ones.
  'NSO_MULTI_SNMP_PORT',
  'NSO_MULTI_HA_RAFT_NODE',
  'NSO_MULTI_HA_RAFT_LEADER',
  // ncs-netsim's folder, set only for an instance with netsim devices.
  'NETSIM_DIR',
];

/** What NSO 6.2.5's clients read besides NCS_IPC_{ADDR,PORT,ACCESS_FILE} (see ipc-client-vars.ts). */
const STRAY_VARS = [
  'CONFD_IPC_ACCESS_FILE',
  'CONFD_IPC_ADDR',
  'CONFD_IPC_PORT',
  'CONFD_IPC_EXTADDR',
  'CONFD_IPC_EXTSOPATH',
  'NCS_IPC_EXTADDR',
  'NCS_IPC_EXTSOPATH',
];

const ports = { ipc: 20010, netconfSsh: 20011, cliSsh: 20013 };

describe('buildPlan', () => {
  it('makes every path exactly as join() would, whatever the folders and names look like', () => {
    const folders = ['/proj/.nso-multi', '/proj/work/', '/', '/a/./b/../c', 'relative/dir', '.'];
    const names = ['i1', 'a.b', 'x_y-z', '..', '.', 'a/b'];
    for (const workdir of folders) {
      for (const name of names) {
        const plan = buildPlan(spec(workdir, workdir, [instance(name)]), { [name]: ports }, [], '6.2');
        const [built] = plan.instances;
        const runDir = join(workdir, name);
        expect(built).toMatchObject({
          runDir,
          ncsConf: join(runDir, 'ncs.conf'),
          envFile: join(workdir, `.env.${name}`),
          secretFile: join(runDir, 'ipc_access'),
        });
        expect(built?.env.NSO_MULTI_RUN_DIR).toBe(runDir);
      }
    }
  });

  it('gives disabled listeners a null port and lists the enabled ones with their addresses', () => {
    const plan = buildPlan(spec('/w', '/e', [instance('i1')]), { i1: ports }, [], '6.2');
    const [built] = plan.instances;
    expect(built?.ports).toEqual({
      ipc: 20010,
      netconfSsh: 20011,
      netconfTcp: null,
      cliSsh: 20013,
      ...NO_EXTRAS,
    });
    expect(built?.listeners).toEqual([
      { key: 'ipc', address: '127.0.0.1', port: 20010 },
      { key: 'netconfSsh', address: '::1', port: 20011 },
      { key: 'cliSsh', address: '127.0.0.1', port: 20013 },
    ]);
    expect(built?.env.NSO_MULTI_NETCONF_TCP_PORT).toBe('');
    expect(plan.stateFile).toBe('/w/state.json');
  });

  it('keeps the ports in catalog order and the env variables in file order', () => {
    const [built] = buildPlan(spec('/w', '/e', [instance('i1')]), { i1: ports }, [], '6.2').instances;
    expect(Object.keys(built?.ports ?? {})).toEqual(LISTENER_KEYS);
    expect(Object.keys(built?.env ?? {})).toEqual([
      'NCS_IPC_ADDR',
      'NCS_IPC_PORT',
      'NCS_IPC_ACCESS_FILE',
      'NSO_MULTI_PROJECT',
      'NSO_MULTI_INSTANCE',
      'NSO_MULTI_RUN_DIR',
      'NSO_MULTI_NCS_CONF',
      'NSO_MULTI_NETCONF_SSH_PORT',
      'NSO_MULTI_NETCONF_TCP_PORT',
      'NSO_MULTI_CLI_SSH_PORT',
      'sname',
    ]);
  });

  it('has no secret file and unsets a leftover access file when the check is off', () => {
    const off = instance('i1', { ipc: IPC_WITHOUT_CHECK });
    const [built] = buildPlan(spec('/w', '/e', [off]), { i1: ports }, [], '6.2').instances;
    expect(built?.secretFile).toBeNull();
    expect(built?.env).not.toHaveProperty('NCS_IPC_ACCESS_FILE');
    expect(built?.unset).toEqual(['NCS_IPC_PATH', 'NCS_IPC_ACCESS_FILE', ...STRAY_VARS, ...EXTRA_VARS]);
  });

  it('unsets the variables that would send a client elsewhere or override its secret, check on or off', () => {
    const on = instance('i1');
    const off = instance('i2', { ipc: IPC_WITHOUT_CHECK });
    const plan = buildPlan(spec('/w', '/e', [on, off]), { i1: ports, i2: ports }, [], '6.2');
    for (const built of plan.instances) {
      expect(built.unset).toEqual(expect.arrayContaining(STRAY_VARS));
      for (const name of STRAY_VARS) expect(built.env).not.toHaveProperty(name);
    }
  });

  it('refuses an enabled listener the allocator gave no port', () => {
    expect(() => buildPlan(spec('/w', '/e', [instance('i1')]), { i1: { ipc: 20010 } }, [], '6.2')).toThrow(
      /no port allocated for i1.netconfSsh/,
    );
  });
});
