// Templates with extra-listen / ha-primary-listen entries: each entry of each instance gets its own port, bound
// by that instance's own daemon, kept across renders, and gone after `down --purge`.
import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readState } from '../../src/state/state-file.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';

const cliEntry = (ip: string, port: number) => `
      <extra-listen>
        <ip>${ip}</ip>
        <port>${port}</port>
      </extra-listen>`;

// Every instance made from this file as it is would bind 127.0.0.1:2025, [::1]:2025 and *:8090.
const template = (ipv6: boolean) => `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <state-dir>./state</state-dir>
  <cli>
    <enabled>true</enabled>
    <ssh>
      <enabled>true</enabled>
      <port>2024</port>
      <!-- the admin network -->${cliEntry('127.0.0.1', 2025)}${ipv6 ? cliEntry('::1', 2025) : ''}
    </ssh>
  </cli>
  <webui>
    <enabled>true</enabled>
    <transport>
      <tcp>
        <enabled>true</enabled>
        <ip>0.0.0.0</ip>
        <port>8080</port>
        <ha-primary-listen>
          <ip>0.0.0.0</ip>
          <port>8090</port>
        </ha-primary-listen>
      </tcp>
    </transport>
  </webui>
</ncs-config>
`;

const SPEC = `nso: { version: "6.2" }
layout: { base: 16700, stride: 10 }
defaults:
  template: ./listen.xml
instances:
  - name: one
  - name: two
  - name: three
`;

interface RenderDoc {
  instances: {
    name: string;
    ports: Record<string, number | null>;
    additionalListeners: { id: string; address: string; port: number; envVar: string }[];
  }[];
}

// Whether this host can bind ::1 (IPv6 may be off in containers).
function canBindIpv6(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
  });
}

// The pid owning a listening TCP socket on `port`, from /proc (socket inode -> the process holding it).
async function listenerPid(port: number, pids: readonly number[]): Promise<number | undefined> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A' && cols[9] !== undefined) inodes.add(cols[9]);
    }
  }
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) return pid;
    }
  }
  return undefined;
}

let ipv6 = false;
let dir: { path: string; remove: () => Promise<void> };
const env = () => ({ NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') });

beforeAll(async () => {
  ipv6 = await canBindIpv6();
});

beforeEach(async () => {
  dir = await tempDir();
  await writeFile(join(dir.path, 'listen.xml'), template(ipv6));
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});

afterEach(async () => {
  await cleanUpProject(dir, { purge: true, env: env() });
});

describe('extra-listen and ha-primary-listen entries', () => {
  it('get their own ports, kept by a second render, bound by their own daemon, gone after down --purge', async () => {
    const rendered = await runCli(['render', '--json'], dir.path, env());
    expect(rendered.code, rendered.stderr).toBe(0);
    const first = JSON.parse(rendered.stdout) as RenderDoc;
    const ids = [
      'cliSsh.extraListen.1',
      ...(ipv6 ? ['cliSsh.extraListen.2'] : []),
      'webuiTcp.haPrimaryListen.1',
    ];
    for (const instance of first.instances) {
      expect(instance.additionalListeners.map((l) => l.id)).toEqual(ids);
      // The wildcard entry moved to the Web UI's address; the explicit ones kept theirs.
      expect(instance.additionalListeners.map((l) => l.address)).toEqual([
        '127.0.0.1',
        ...(ipv6 ? ['::1'] : []),
        '127.0.0.1',
      ]);
    }
    expect(rendered.stderr).toContain('webuiTcp.haPrimaryListen.1 listens on 0.0.0.0');
    const all = first.instances.flatMap((i) => [
      ...Object.values(i.ports).filter((p): p is number => p !== null),
      ...i.additionalListeners.map((l) => l.port),
    ]);
    expect(new Set(all).size).toBe(all.length);
    const envOne = await readFile(join(dir.path, '.env.one'), 'utf8');
    const one = first.instances[0]!;
    expect(envOne).toContain(
      `export NSO_MULTI_WEBUI_TCP_HA_PRIMARY_LISTEN_1_PORT='${one.additionalListeners.at(-1)?.port}'`,
    );
    const conf = await readFile(join(dir.path, '.nso-multi', 'one', 'ncs.conf'), 'utf8');
    expect(conf).toContain('<!-- the admin network -->');
    expect(conf).not.toContain('0.0.0.0');

    const again = await runCli(['render', '--json'], dir.path, env());
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as RenderDoc;
    expect(second.instances.map((i) => [i.ports, i.additionalListeners])).toEqual(
      first.instances.map((i) => [i.ports, i.additionalListeners]),
    );

    const up = await runCli(['up', '--sim'], dir.path, env(), 60_000);
    expect(up.code, up.stderr).toBe(0);
    const state = await readState(join(dir.path, '.nso-multi', 'state.json'));
    const pids = Object.values(state?.instances ?? {}).map((e) => e.runtime?.pid ?? 0);
    for (const instance of first.instances) {
      const own = state?.instances[instance.name]?.runtime?.pid;
      for (const l of instance.additionalListeners) {
        expect([instance.name, l.id, await listenerPid(l.port, pids)]).toEqual([instance.name, l.id, own]);
      }
    }
    const status = JSON.parse((await runCli(['status', '--json'], dir.path, env())).stdout) as {
      instances: { additionalListeners: { id: string; listening: boolean }[] }[];
    };
    const checks = status.instances.flatMap((i) => i.additionalListeners.map((l) => l.listening));
    expect(checks).toEqual(Array(ids.length * 3).fill(true));
    expect((await runCli(['status'], dir.path, env())).stdout).toMatch(/WEB-UI-TCP\s+EXTRA-LISTEN$/m);

    const down = await runCli(['down', '--purge'], dir.path, env());
    expect(down.code, down.stderr).toBe(0);
    for (const port of all) expect([port, await listenerPid(port, pids)]).toEqual([port, undefined]);
    const leases = JSON.parse(await readFile(join(dir.path, 'leases', 'leases.json'), 'utf8')) as {
      leases: unknown[];
    };
    expect(leases.leases).toEqual([]);
    expect((await readdir(dir.path)).sort()).toEqual(['leases', 'listen.xml', 'nso-multi.yaml']);
  });
});
