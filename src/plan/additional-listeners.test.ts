import { describe, expect, it } from 'vitest';
import { IPC_WITHOUT_CHECK, instanceSpec } from '../../test/helpers/instance-spec.js';
import { thrown } from '../../test/helpers/thrown.js';
import { isNsoMultiError } from '../errors.js';
import type { InstanceSpec } from '../model.js';
import type { ScannedAdditionalListeners } from '../render/additional-listeners-scan.js';
import { settleAdditionalListen, withAdditionalListen } from './additional-listeners.js';

// No access check (extra IPC addresses off loopback are refused), CLI on ::1 and the Web UI on 127.0.0.2 (where
// their wildcard entries go).
const instance = (overrides: Partial<InstanceSpec> = {}): InstanceSpec =>
  instanceSpec({
    ipc: IPC_WITHOUT_CHECK,
    cli: { ssh: true, address: '::1' },
    webui: { tcp: true, ssl: false, address: '127.0.0.2' },
    ...overrides,
  });

const scanned = (over: Partial<ScannedAdditionalListeners> = {}): ScannedAdditionalListeners => ({
  entries: [
    { parent: 'cliSsh', kind: 'extraListen', index: 1, ip: '127.0.0.1', port: 2025 },
    { parent: 'cliSsh', kind: 'extraListen', index: 2, ip: '0.0.0.0', port: 2025 },
    { parent: 'webuiTcp', kind: 'haPrimaryListen', index: 1, ip: '::', port: 2025 },
    { parent: 'webuiSsl', kind: 'extraListen', index: 1, ip: '127.0.0.1', port: 2025 },
    { parent: 'netconfTcp', kind: 'haPrimaryListen', index: 1, ip: '127.0.0.1', port: 2025 },
  ],
  ipcExtraAddresses: [],
  ...over,
});

describe('settleAdditionalListen', () => {
  it('keeps the entries of listeners that are on, with stable ids, and ignores those under a disabled parent', () => {
    const settled = settleAdditionalListen(instance(), scanned());
    expect(settled.additionalListen?.map((l) => l.id)).toEqual([
      'cliSsh.extraListen.1',
      'cliSsh.extraListen.2',
      'webuiTcp.haPrimaryListen.1',
    ]);
  });

  it('keeps an explicit address and replaces a wildcard by the parent listener’s address', () => {
    const [explicit, wildcard, web] = settleAdditionalListen(instance(), scanned()).additionalListen ?? [];
    expect(explicit).toMatchObject({ address: '127.0.0.1', templateAddress: '127.0.0.1' });
    expect(wildcard).toMatchObject({ parent: 'cliSsh', address: '::1', templateAddress: '0.0.0.0' });
    expect(web).toMatchObject({
      parent: 'webuiTcp',
      kind: 'haPrimaryListen',
      index: 1,
      address: '127.0.0.2',
    });
  });

  it('gives the same result when settled again (a re-plan after a bind failure)', () => {
    const once = settleAdditionalListen(instance(), scanned());
    expect(settleAdditionalListen(once, scanned())).toEqual(once);
    const without = settleAdditionalListen(once, { entries: [], ipcExtraAddresses: [] });
    expect(without.additionalListen).toBeUndefined();
  });

  it('refuses extra IPC addresses off loopback (wildcards included) without the access check', () => {
    for (const address of ['0.0.0.0', '::', '192.0.2.1']) {
      const error = thrown(() =>
        settleAdditionalListen(instance(), scanned({ ipcExtraAddresses: ['::1', address] })),
      );
      expect(isNsoMultiError(error) && error.code).toBe('TEMPLATE_INVALID');
      expect(String(error)).toContain(`also on ${address}`);
    }
  });

  it('accepts them with the access check, or with --allow-insecure-ipc, and loopback ones always', () => {
    const checked = instance({ ipc: { address: '127.0.0.1', accessCheck: { enabled: true, mode: '0400' } } });
    expect(
      settleAdditionalListen(checked, scanned({ ipcExtraAddresses: ['0.0.0.0'] })).ipcExtraAddresses,
    ).toEqual(['0.0.0.0']);
    expect(
      settleAdditionalListen(instance(), scanned({ ipcExtraAddresses: ['192.0.2.1'] }), true)
        .ipcExtraAddresses,
    ).toEqual(['192.0.2.1']);
    expect(
      settleAdditionalListen(instance(), scanned({ ipcExtraAddresses: ['::1'] })).ipcExtraAddresses,
    ).toEqual(['::1']);
  });

  it('drops extra IPC addresses when IPC runs over a Unix socket (no TCP IPC port to add them to)', () => {
    const unix = instance({
      ipc: { ...IPC_WITHOUT_CHECK, transport: 'unix' },
    });
    expect(settleAdditionalListen(unix, scanned({ ipcExtraAddresses: ['0.0.0.0'] })).ipcExtraAddresses).toBe(
      undefined,
    );
  });
});

describe('withAdditionalListen', () => {
  it('adds a request per additional listener and the extra IPC addresses to the IPC request', () => {
    const settled = settleAdditionalListen(instance(), scanned({ ipcExtraAddresses: ['::1'] }));
    const requests = withAdditionalListen(settled, [
      { key: 'ipc', address: '127.0.0.1', pinned: 16001 },
      { key: 'cliSsh', address: '::1' },
    ]);
    expect(requests).toEqual([
      { key: 'ipc', address: '127.0.0.1', pinned: 16001, alsoOn: ['::1'] },
      { key: 'cliSsh', address: '::1' },
      { key: 'cliSsh.extraListen.1', address: '127.0.0.1' },
      { key: 'cliSsh.extraListen.2', address: '::1' },
      { key: 'webuiTcp.haPrimaryListen.1', address: '127.0.0.2' },
    ]);
  });
});
