import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { InstanceSpec, Spec } from '../model.js';
import { reuseKey } from './reuse-key.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-reuse-key-'));
  await writeFile(join(dir, 'ncs.conf.xml'), '<ncs-config/>');
  await mkdir(join(dir, 'pkg', 'load-dir'), { recursive: true });
  await writeFile(join(dir, 'pkg', 'load-dir', 'svc.fxs'), 'fxs');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// A spec as loadSpec gives it, cut down to what the key reads.
const spec = (): Spec =>
  ({
    file: join(dir, 'nso-multi.yaml'),
    dir,
    project: 'k',
    instances: [
      { name: 'a', template: join(dir, 'ncs.conf.xml'), packages: [join(dir, 'pkg')] } as InstanceSpec,
    ],
  }) as Spec;
const key = (over: Partial<Parameters<typeof reuseKey>[0]> = {}) =>
  reuseKey({ spec: spec(), names: undefined, ncs: 'sim', version: '0.1.0', ...over });

test('the same spec and files give the same key', async () => {
  expect(await key()).toMatch(/^[0-9a-f]{16}$/);
  expect(await key()).toBe(await key());
});

test('another ncs, other instances or another nso-multi give another key', async () => {
  const base = await key();
  expect(await key({ ncs: '/opt/nso/bin/ncs' })).not.toBe(base);
  expect(await key({ names: ['a'] })).not.toBe(base);
  expect(await key({ version: '0.2.0' })).not.toBe(base);
});

test('a changed template or a rebuilt package file gives another key', async () => {
  const base = await key();
  await writeFile(join(dir, 'ncs.conf.xml'), '<ncs-config><!-- changed --></ncs-config>');
  const template = await key();
  expect(template).not.toBe(base);
  const later = new Date(Date.now() + 5000);
  await utimes(join(dir, 'pkg', 'load-dir', 'svc.fxs'), later, later);
  expect(await key()).not.toBe(template);
});
