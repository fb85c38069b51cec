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
