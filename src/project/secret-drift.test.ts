import { describe, expect, it } from 'vitest';
import type { InstanceState } from '../state/state-document.js';
import { secretDrift } from './secret-drift.js';

const STAMP = { ino: 7, size: 64, mtimeMs: 1000 };

function entry(
  overrides: Partial<InstanceState> = {},
  status: 'running' | 'stopped' = 'running',
): InstanceState {
  return {
    ports: { ipc: 20010 },
    listeners: [],
    runDir: '/w/a',
    ncsConf: '/w/a/ncs.conf',
    envFile: '/p/.env.a',
    secretFile: '/w/a/ipc_access',
    env: {},
    unset: [],
    renderedAt: '2026-01-01T00:00:00.000Z',
    runtime: {
      status,
      pid: 4242,
      startedAt: '2026-01-01T00:00:00.000Z',
      ncs: { file: 'ncs', args: [], sim: false, display: 'ncs' },
      secret: STAMP,
    },
    ...overrides,
  };
}

describe('secretDrift', () => {
  it('says nothing while the file is the one the daemon started with', () => {
    expect(secretDrift('a', entry(), { ...STAMP })).toBeUndefined();
  });

  it('reports a replaced file, with what clients see and a restart as the fix', () => {
    const drift = secretDrift('a', entry(), { ...STAMP, ino: 8 });
    expect(drift?.problem).toContain('changed after the daemon (pid 4242) started');
    expect(drift?.problem).toContain('Access check failed');
    expect(drift?.fix).toContain('nso-multi down a && nso-multi up a');
  });

  it('reports a missing file even without a recorded stamp, and says render alone does not help', () => {
    const { runtime } = entry();
    const old = entry({ runtime: { ...runtime!, secret: undefined } });
    const drift = secretDrift('a', old, null);
    expect(drift?.problem).toContain('is gone');
    expect(drift?.fix).toContain('nso-multi down a && nso-multi up a');
    expect(drift?.fix).toContain('`nso-multi render` alone');
    // A changed file cannot be told without the stamp the daemon started with.
    expect(secretDrift('a', old, { ...STAMP, ino: 8 })).toBeUndefined();
  });

  it('ignores stopped instances and instances without the access check', () => {
    expect(secretDrift('a', entry({}, 'stopped'), null)).toBeUndefined();
    expect(secretDrift('a', entry({ secretFile: null }), null)).toBeUndefined();
  });
});
