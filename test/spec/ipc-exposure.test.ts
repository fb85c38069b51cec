import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortProbe } from '../../src/model.js';
import { plan } from '../../src/project/prepare-plan.js';
import { bundledTemplatePath } from '../../src/spec/bundled-template.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { isLoopbackAddress } from '../../src/spec/loopback.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

const EXPOSED_FIX =
  'use 127.0.0.1 or ::1, or set `ipc.accessCheck.enabled: true`, or accept the risk with --allow-insecure-ipc';
const exposed = (address: string) =>
  `IPC listens on ${address} without the access check: whoever reaches that port controls NSO completely — ${EXPOSED_FIX}`;

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['::2', false],
    ['1::1', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1', false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe('IPC off loopback without the access check', () => {
  const tempDir = useTempDirs();
  const load = async (text: string, allowInsecureIpc?: boolean) => {
    const root = await tempDir({ 'package.json': '{}', 'nso-multi.yaml': text });
    return loadSpec({
      cwd: root,
      lookupGroup: fakeGroups,
      ...(allowInsecureIpc ? { allowInsecureIpc } : {}),
    });
  };
  const off = (address: string) =>
    `instances:\n  - name: a\n    ipc: { address: "${address}", accessCheck: { enabled: false } }\n`;

  it('is refused at the address, naming the flag that allows it', async () => {
    expect(await problemLines(load(off('0.0.0.0')))).toEqual([
      `nso-multi.yaml:3:12: instances.0.ipc.address: ${exposed('0.0.0.0')}`,
    ]);
    expect(await problemLines(load(off('::')))).toEqual([
      `nso-multi.yaml:3:12: instances.0.ipc.address: ${exposed('::')}`,
    ]);
  });

  it('is reported once when the address comes from defaults, and not for instances with the check on', async () => {
    const text = [
      'defaults:',
      '  ipc: { address: 192.0.2.1, accessCheck: { enabled: false } }',
      'instances:',
      '  - name: a',
      '  - name: b',
      '  - name: c',
      '    ipc: { accessCheck: { enabled: true } }',
      '',
    ].join('\n');
    expect(await problemLines(load(text))).toEqual([
      `nso-multi.yaml:2:10: defaults.ipc.address: ${exposed('192.0.2.1')}`,
    ]);
  });

  it('is accepted with allowInsecureIpc', async () => {
    const { spec } = await load(off('0.0.0.0'), true);
    expect(spec.instances[0]?.ipc).toEqual({
      address: '0.0.0.0',
      accessCheck: { enabled: false, mode: '0400' },
    });
  });

  it('is accepted on any loopback address, or with the check on', async () => {
    for (const address of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) {
      await expect(load(off(address))).resolves.toBeDefined();
    }
    const checked = 'instances:\n  - name: a\n    ipc: { address: 0.0.0.0 }\n';
    expect((await load(checked)).spec.instances[0]?.ipc.accessCheck.enabled).toBe(true);
  });
});

describe('listener addresses default to loopback', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const freeProbe: PortProbe = { probe: async () => 'free' };

  it('in the bundled template: IPC, NETCONF SSH and TCP, CLI SSH all on 127.0.0.1', async () => {
    const doc = new DOMParser().parseFromString(await readFile(bundledTemplatePath(), 'utf8'), 'text/xml');
    const root = doc.documentElement!;
    const child = (parent: Element, name: string): Element => {
      const found = Array.from(parent.childNodes).find(
        (node): node is Element => node.nodeType === 1 && (node as Element).localName === name,
      );
      if (!found) throw new Error(`no <${name}> under <${parent.localName}>`);
      return found;
    };
    const ip = (...path: string[]) => path.reduce(child, root).textContent;
    expect(ip('ncs-ipc-address', 'ip')).toBe('127.0.0.1');
    expect(ip('netconf-north-bound', 'transport', 'ssh', 'ip')).toBe('127.0.0.1');
    expect(ip('netconf-north-bound', 'transport', 'tcp', 'ip')).toBe('127.0.0.1');
    expect(ip('cli', 'ssh', 'ip')).toBe('127.0.0.1');
  });

  it('in the plan of a spec that names no address; an exposed IPC plans only with allowInsecureIpc', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nso-multi-ipc-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'nso-multi.yaml'),
      [
        'nso: { version: "6.2" }',
        'layout: { base: 32000, stride: 10 }',
        'instances:',
        '  - name: a',
        '  - name: b',
        '    ipc: { address: 0.0.0.0, accessCheck: { enabled: false } }',
        '',
      ].join('\n'),
    );
    const options = {
      cwd: dir,
      leaseDir: join(dir, 'leases'),
      probe: freeProbe,
      ephemeral: { low: 40000, high: 60999 },
    };
    await expect(plan(options)).rejects.toMatchObject({ code: 'SPEC_INVALID', exitCode: 2 });
    const { plan: planned } = await plan({ ...options, allowInsecureIpc: true });
    const addresses = planned.instances.map((i) => i.listeners.map((l) => `${l.key}@${l.address}`));
    expect(addresses).toEqual([
      ['ipc@127.0.0.1', 'netconfSsh@127.0.0.1', 'netconfTcp@127.0.0.1', 'cliSsh@127.0.0.1'],
      ['ipc@0.0.0.0', 'netconfSsh@127.0.0.1', 'netconfTcp@127.0.0.1', 'cliSsh@127.0.0.1'],
    ]);
  });
});
