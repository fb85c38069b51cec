import { describe, expect, it } from 'vitest';
import { parseState } from './state-document.js';

const valid = {
  version: 1,
  project: 'lab',
  specFile: '/x/nso-multi.yaml',
  specHash: 'abc',
  nsoVersion: '6.2',
  instances: { one: { ports: { ipc: 20010 }, env: { NCS_IPC_PORT: '20010' }, unset: [] } },
};

describe('parseState', () => {
  it('accepts a valid document', () => {
    expect(parseState(JSON.stringify(valid), 'state.json').instances.one?.ports.ipc).toBe(20010);
  });

  it('reads the run-dir contents an earlier version wrote under `layout` as `contents`', () => {
    const contents = {
      packages: [{ name: 'router', kind: 'symlink', target: '../../pkgs/router' }],
      cdbInit: [],
    };
    const old = { ...valid, instances: { one: { ...valid.instances.one, layout: contents } } };
    const read = parseState(JSON.stringify(old), 'state.json').instances.one as unknown as Record<
      string,
      unknown
    >;
    expect(read.contents).toEqual(contents);
    expect(read).not.toHaveProperty('layout');
  });

  it.each([
    ['{"version":1,', /is corrupt: /],
    ['[]', /not a JSON object/],
    [JSON.stringify({ ...valid, version: 9 }), /unknown version 9/],
    [JSON.stringify({ ...valid, instances: { one: { ports: { ipc: 'x' }, env: {} } } }), /bad port ipc="x"/],
    [JSON.stringify({ ...valid, instances: { one: { ports: { web: 1 }, env: {} } } }), /bad port web=1/],
  ])('rejects %j naming the file', (text, message) => {
    expect(() => parseState(text, '/w/state.json')).toThrow(message);
    try {
      parseState(text, '/w/state.json');
    } catch (error) {
      expect((error as { code: string }).code).toBe('STATE_CORRUPT');
      expect((error as Error).message).toContain('/w/state.json');
    }
  });
});

describe('nextState', () => {
  it('keeps the runtime of instances it re-renders, so a render never forgets a running daemon', async () => {
    const { nextState } = await import('./state-document.js');
    const runtime = {
      status: 'running' as const,
      pid: 4242,
      startedAt: 'x',
      ncs: { file: 'ncs', args: [], sim: false, display: 'ncs' },
    };
    const previous = parseState(
      JSON.stringify({ ...valid, instances: { one: { ...valid.instances.one, runtime } } }),
      's',
    );
    const plan = {
      project: 'lab',
      specFile: '/x',
      workdir: '/w',
      envDir: '/e',
      stateFile: '/w/state.json',
      nsoVersion: '6.2',
      moves: [],
      instances: [
        {
          name: 'one',
          runDir: '/w/one',
          ncsConf: '/w/one/ncs.conf',
          envFile: '/e/.env.one',
          secretFile: null,
          ports: {
            ipc: 20010,
            netconfSsh: null,
            netconfTcp: null,
            cliSsh: null,
            webuiTcp: null,
            webuiSsl: null,
            restconfTcp: null,
            restconfSsl: null,
            ha: null,
            callHome: null,
            snmp: null,
            haRaft: null,
          },
          listeners: [{ key: 'ipc' as const, address: '127.0.0.1', port: 20010 }],
          env: {},
          unset: [],
          spec: {} as never,
        },
      ],
    };
    const next = nextState(previous, plan, 'hash', new Date(0));
    expect(next.instances.one?.runtime).toEqual(runtime);
    expect(next.instances.one?.ports).toEqual({ ipc: 20010 });
  });
});
