import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/host/process-identity.js';
import { nodeName } from '../../src/plan/node-name.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { listen } from '../helpers/listen.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';
import { elementsAt, leafAt } from '../render/xml-read.js';
import { yanglint, yanglintSkipReason } from '../render/yanglint.js';

// One template for a three-node HA Raft cluster, written for other hosts: a fixed node address, seed nodes
// that do not exist here, TLS files relative to the run folder. nso-multi must make it work on one laptop.
const TEMPLATE = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <state-dir>./state</state-dir>
  <ha-raft>
    <enabled>true</enabled>
    <cluster-name>lab-cluster</cluster-name>
    <listen>
      <node-address>ncsd@10.0.0.1</node-address>
    </listen>
    <seed-nodes>
      <seed-node>ncsd@10.0.0.2</seed-node>
      <seed-node>ncsd@10.0.0.3</seed-node>
    </seed-nodes>
    <ssl>
      <key-file>certs/node.key</key-file>
      <cert-file>certs/node.crt</cert-file>
      <ca-cert-file>certs/ca.crt</ca-cert-file>
    </ssl>
  </ha-raft>
</ncs-config>
`;

const SPEC = `project: raft
nso: { version: "6.2" }
layout: { base: 15500, stride: 10 }
defaults:
  template: ./raft.xml
instances:
  - name: n1
  - name: n2
  - name: n3
`;

let dir: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  dir = await tempDir();
  await writeFile(join(dir.path, 'raft.xml'), TEMPLATE);
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});

afterEach(async () => {
  await cleanUpProject(dir, { purge: true });
});

/** The inodes of sockets listening on 127.0.0.1:port (Linux /proc/net/tcp; 0A is LISTEN). */
async function loopbackListenerInodes(port: number): Promise<string[]> {
  const table = await readFile('/proc/net/tcp', 'utf8');
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1] === local && f[3] === '0A')
    .map((f) => f[9] ?? '');
}

/** Whether process `pid` holds the socket with this inode. */
async function holdsSocket(pid: number, inode: string): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return links.includes(`socket:[${inode}]`);
}

describe.skipIf(process.platform !== 'linux')('HA Raft cluster from one template (up --sim)', () => {
  it('gives each node its own port and node address, seeds it with the other two, and purges cleanly', async () => {
    const planned = await runCli(['plan'], dir.path);
    expect(planned.stdout).toMatch(/\bHA-RAFT\b/);
    expect(planned.stdout).toMatch(/^n3\b.*\b15542\b/m);
    const upped = await runCli(['up', '--sim'], dir.path);
    expect(upped.code, upped.stderr).toBe(0);

    const status = JSON.parse((await runCli(['status', '--json'], dir.path)).stdout) as {
      instances: {
        name: string;
        pid: number;
        ports: Record<string, number | null>;
        listening: Record<string, boolean | null>;
      }[];
    };
    const ports = status.instances.map((i) => i.ports.haRaft);
    expect(ports).toEqual([15540, 15541, 15542]);
    expect(status.instances.map((i) => i.listening.haRaft)).toEqual([true, true, true]);
    for (const instance of status.instances) {
      const inodes = await loopbackListenerInodes(instance.ports.haRaft!);
      expect([instance.name, inodes.length]).toEqual([instance.name, 1]);
      expect([instance.name, await holdsSocket(instance.pid, inodes[0]!)]).toEqual([instance.name, true]);
    }

    const owner = { project: 'raft', workdir: join(dir.path, '.nso-multi') };
    const nodes = ['n1', 'n2', 'n3'].map((name) => `${nodeName(owner, name)}@127.0.0.1`);
    for (const [i, name] of ['n1', 'n2', 'n3'].entries()) {
      const conf = await readFile(join(dir.path, '.nso-multi', name, 'ncs.conf'), 'utf8');
      expect(leafAt(conf, 'ha-raft/listen/node-address')).toBe(nodes[i]);
      expect(leafAt(conf, 'ha-raft/listen/min-port')).toBe(String(ports[i]));
      expect(leafAt(conf, 'ha-raft/listen/max-port')).toBe(String(ports[i]));
      const seeds = elementsAt(conf, 'ha-raft/seed-nodes/seed-node').map((e) => e.textContent?.trim());
      expect(seeds).toEqual(nodes.filter((_n, j) => j !== i));
      expect(leafAt(conf, 'ha-raft/ssl/key-file')).toBe('certs/node.key');
      // The file NSO 6.2 would read is valid for its schema (where yanglint and the schema are at hand).
      if (yanglintSkipReason() === null) expect([name, yanglint(conf).ok]).toEqual([name, true]);
      const env = await readFile(join(dir.path, `.env.${name}`), 'utf8');
      expect(env).toContain(`export NSO_MULTI_HA_RAFT_PORT='${ports[i]}'`);
      expect(env).toContain(`export NSO_MULTI_HA_RAFT_NODE='${nodes[i]}'`);
    }
    const table = await runCli(['status'], dir.path);
    expect(table.stdout).toMatch(/\bHA-RAFT$/m);

    const down = await runCli(['down', '--purge'], dir.path);
    expect(down.code, down.stderr).toBe(0);
    for (const instance of status.instances) {
      expect(await isAlive({ pid: instance.pid })).toBe(false);
      const free = await listen(instance.ports.haRaft!);
      await free.close();
    }
    expect((await readdir(dir.path)).sort()).toEqual(['nso-multi.yaml', 'raft.xml']);
  });

  it('switched on by the spec: TLS with a certificate per node from one authority, kept across renders, purged', async () => {
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      'project: tls\nnso: { version: "6.2" }\nlayout: { base: 15600, stride: 10 }\ndefaults: { haRaft: { enabled: true } }\ninstances:\n  - name: n1\n  - name: n2\n',
    );
    const upped = await runCli(['up', '--sim'], dir.path);
    expect(upped.code, upped.stderr).toBe(0);
    expect(upped.stderr).toContain(
      'warning: the simulator has no HA Raft: cluster tls not formed (its nodes run)',
    );
    const workdir = join(dir.path, '.nso-multi');
    expect(await readdir(join(workdir, 'ha-raft-ca', 'tls'))).toEqual(['ca.crt', 'ca.key']);
    const certs: string[] = [];
    for (const name of ['n1', 'n2']) {
      const conf = await readFile(join(workdir, name, 'ncs.conf'), 'utf8');
      const files = join(workdir, name, 'ha-raft');
      expect(leafAt(conf, 'ha-raft/ssl/enabled')).toBe('true');
      expect(leafAt(conf, 'ha-raft/ssl/key-file')).toBe(join(files, 'node.key'));
      expect(leafAt(conf, 'ha-raft/ssl/cert-file')).toBe(join(files, 'node.crt'));
      expect(leafAt(conf, 'ha-raft/ssl/ca-cert-file')).toBe(join(files, 'ca.crt'));
      if (yanglintSkipReason() === null) expect([name, yanglint(conf).ok]).toEqual([name, true]);
      expect(await readFile(join(files, 'ca.crt'), 'utf8')).toBe(
        await readFile(join(workdir, 'ha-raft-ca', 'tls', 'ca.crt'), 'utf8'),
      );
      certs.push(await readFile(join(files, 'node.crt'), 'utf8'));
    }
    expect(certs[0]).not.toBe(certs[1]);
    expect(upped.stderr).toContain('made the HA Raft certificate of');

    // A second render keeps every certificate.
    const again = await runCli(['render'], dir.path);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('made the');
    expect(await readFile(join(workdir, 'n1', 'ha-raft', 'node.crt'), 'utf8')).toBe(certs[0]);

    const down = await runCli(['down', '--purge'], dir.path);
    expect(down.code, down.stderr).toBe(0);
    expect((await readdir(dir.path)).sort()).toEqual(['nso-multi.yaml', 'raft.xml']);
  });

  it('refuses a cluster of one node as a spec error (exit 2, the fix), writing nothing', async () => {
    await writeFile(
      join(dir.path, 'nso-multi.yaml'),
      'project: one\nnso: { version: "6.2" }\nlayout: { base: 15700, stride: 10 }\ninstances:\n  - name: n1\n    haRaft: { enabled: true }\n  - name: n2\n',
    );
    const upped = await runCli(['up', '--sim'], dir.path);
    expect(upped.code).toBe(2);
    expect(upped.stderr).toContain(
      'nso-multi.yaml:6:15: instances.0.haRaft.enabled: HA Raft cluster one has one node (n1)',
    );
    expect(upped.stderr).toContain('switch HA Raft on in at least two more instances');
    expect((await readdir(dir.path)).sort()).toEqual(['nso-multi.yaml', 'raft.xml']);
  });
});
