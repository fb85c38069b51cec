// Spec rules of `ipc.transport: unix`: NSO 6.4+, no pinned IPC port, a socket path Linux can bind.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { fakeGroups, problemLines, useTempDirs } from './temp-project.js';

const tempDir = useTempDirs();

async function load(yaml: string) {
  const root = await tempDir({ 'nso-multi.yaml': yaml });
  return { root, result: loadSpec({ cwd: root, lookupGroup: fakeGroups }) };
}

describe('ipc.transport: unix', () => {
  it('builds the transport and an absolute socket path from a relative ipc.path', async () => {
    const { root, result } = await load(
      [
        'nso: { version: "6.4" }',
        'instances:',
        '  - name: one',
        '    ipc: { transport: unix, path: run/one.sock }',
        '  - name: two',
      ].join('\n'),
    );
    const { spec } = await result;
    expect(spec.instances[0]?.ipc).toMatchObject({ transport: 'unix', path: join(root, 'run/one.sock') });
    expect(spec.instances[1]?.ipc.transport).toBeUndefined();
  });

  it('is refused at ipc.transport when nso.version predates 6.4', async () => {
    const { result } = await load(
      ['nso: { version: "6.3.2" }', 'instances:', '  - name: one', '    ipc: { transport: unix }'].join('\n'),
    );
    expect(await problemLines(result)).toEqual([
      'nso-multi.yaml:4:12: instances.0.ipc.transport: local IPC over a Unix socket needs NSO 6.4 or later, but nso.version is "6.3.2" — set `nso.version` to 6.4 or later, or use `transport: tcp`',
    ]);
  });

  it('is refused once, at defaults, when set there', async () => {
    const { result } = await load(
      [
        'nso: { version: "6.2" }',
        'defaults:',
        '  ipc: { transport: unix }',
        'instances: [{ name: one }, { name: two }]',
      ].join('\n'),
    );
    const lines = await problemLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nso-multi\.yaml:3:\d+: defaults\.ipc\.transport: local IPC/);
  });

  it('refuses a pinned IPC port', async () => {
    const { result } = await load(
      [
        'nso: { version: "6.5" }',
        'instances:',
        '  - name: one',
        '    ipc: { transport: unix }',
        '    ports: { ipc: 19001 }',
      ].join('\n'),
    );
    expect(await problemLines(result)).toEqual([
      'nso-multi.yaml:5:14: instances.0.ports.ipc: an IPC port is pinned, but `ipc.transport` is unix: IPC uses a Unix socket, no TCP port — remove ports.ipc, or set `ipc.transport: tcp`',
    ]);
  });

  it('refuses an ipc.path longer than 107 bytes, counting UTF-8 bytes', async () => {
    // 50 two-byte characters: 100 bytes, but only 50 characters.
    const long = `/tmp/${'é'.repeat(50)}/s.sock`;
    const { result } = await load(
      [
        'nso: { version: "6.4" }',
        'instances:',
        '  - name: one',
        `    ipc: { transport: unix, path: "${long}" }`,
      ].join('\n'),
    );
    const bytes = Buffer.byteLength(long);
    expect(bytes).toBe(112);
    expect(await problemLines(result)).toEqual([
      `nso-multi.yaml:4:29: instances.0.ipc.path: the IPC socket path ${long} is 112 bytes long; a Unix socket path may have at most 107 — choose a shorter \`workdir\`, or set \`ipc.path\` to a shorter socket path (e.g. under /tmp)`,
    ]);
  });

  it('refuses a default socket path that a long workdir pushes past 107 bytes, at ipc.transport', async () => {
    const { result } = await load(
      [
        'nso: { version: "6.4" }',
        `workdir: ${'w'.repeat(100)}`,
        'instances:',
        '  - name: one',
        '    ipc: { transport: unix }',
      ].join('\n'),
    );
    const [line, ...more] = await problemLines(result);
    expect(more).toEqual([]);
    expect(line).toMatch(
      /^nso-multi\.yaml:5:12: instances\.0\.ipc\.transport: the IPC socket path \/.*\/w{100}\/one\/ipc\.sock is \d+ bytes long; a Unix socket path may have at most 107 — choose a shorter `workdir`/,
    );
  });

  it('accepts a path of exactly 107 bytes', async () => {
    const path = `/tmp/${'p'.repeat(102)}`;
    expect(Buffer.byteLength(path)).toBe(107);
    const { result } = await load(
      [
        'nso: { version: "6.4" }',
        'instances:',
        '  - name: one',
        `    ipc: { transport: unix, path: "${path}" }`,
      ].join('\n'),
    );
    expect((await result).spec.instances[0]?.ipc.path).toBe(path);
  });

  it('lists the allowed values for an unknown transport', async () => {
    const { result } = await load(['instances:', '  - name: one', '    ipc: { transport: udp }'].join('\n'));
    const lines = await problemLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('instances.0.ipc.transport');
    expect(lines[0]).toContain('use `tcp` or `unix`');
  });
});

describe('ssh.hostKeys', () => {
  it('is absent from the spec by default (shared keys) and kept when private', async () => {
    const { result } = await load(
      ['instances:', '  - name: one', '    ssh: { hostKeys: private }', '  - name: two'].join('\n'),
    );
    const { spec } = await result;
    expect(spec.instances[0]?.ssh).toEqual({ hostKeys: 'private' });
    expect(spec.instances[1]?.ssh).toBeUndefined();
  });

  it('refuses other values', async () => {
    const { result } = await load(['instances:', '  - name: one', '    ssh: { hostKeys: mine }'].join('\n'));
    const lines = await problemLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('instances.0.ssh.hostKeys');
  });
});
