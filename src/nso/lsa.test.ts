import { describe, expect, it } from 'vitest';
import { failedSyncs, lsaLowerCommitQueues, lsaNedName, lsaSyncCommands, lsaUpperConfig } from './lsa.js';

const LOWERS = [
  { name: 'lower1', address: '127.0.0.1', port: 22711 },
  { name: 'lower2', address: '127.0.0.1', port: 22721 },
];

describe('LSA wiring', () => {
  it("names the LSA NED of the lower nodes' NSO version by major.minor", () => {
    expect(lsaNedName('6.2')).toBe('cisco-nso-nc-6.2');
    expect(lsaNedName('6.2.5')).toBe('cisco-nso-nc-6.2');
    expect(lsaNedName('6.4.1.1')).toBe('cisco-nso-nc-6.4');
  });

  it('configures each lower node as remote node and device, its type before lsa-remote-node, then commits', () => {
    const lines = lsaUpperConfig(LOWERS, 'cisco-nso-nc-6.2').trimEnd().split('\n');
    expect(lines[0]).toBe('config');
    expect(lines.slice(-2)).toEqual(['commit', 'end']);
    expect(lines).toContain('cluster device-notifications enabled');
    expect(lines).toContain('cluster commit-queue enabled');
    expect(lines).toContain(
      'cluster remote-node lower2 address 127.0.0.1 port 22721 authgroup nso-multi-lsa username admin',
    );
    const type = lines.indexOf('devices device lower1 device-type netconf ned-id cisco-nso-nc-6.2');
    const remote = lines.indexOf('devices device lower1 lsa-remote-node lower1');
    expect(type).toBeGreaterThan(0);
    expect(remote).toBeGreaterThan(type);
  });

  it('fetches host keys and syncs each lower node, then switches their commit queues on and waits', () => {
    expect(lsaSyncCommands(LOWERS).split('\n')).toContain('devices device lower2 sync-from');
    expect(lsaLowerCommitQueues(LOWERS).split('\n')).toContain('commit commit-queue sync');
  });

  it("reads which sync-from failed, with NSO's info", () => {
    const output = [
      'result unchanged',
      'result updated',
      'result true',
      'result unchanged',
      'result unchanged',
      'result false',
      'info lower2: Failed to connect to device lower2: connection refused',
    ].join('\n');
    expect(failedSyncs(output, LOWERS)).toEqual([
      { name: 'lower2', info: 'lower2: Failed to connect to device lower2: connection refused' },
    ]);
    expect(failedSyncs('result true\nresult true\n', LOWERS)).toEqual([]);
    expect(failedSyncs('', LOWERS).map((f) => f.info)).toEqual([
      'no result from sync-from',
      'no result from sync-from',
    ]);
  });
});
