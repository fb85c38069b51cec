// A realistic ncs-setup-style ncs.conf (test/fixtures/ncs-setup/ncs.conf: comments, ${NCS_DIR}, the shared SNMP
// folder on the load path, the Web UI on 0.0.0.0:8080, rollback, logs) as the template of 5 instances: every
// rendered file stays valid for NSO's schema and keeps the template's comments and variables, no TCP or UDP port
// or socket path is shared, and all 5 run side by side on the simulator.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Element, Node } from '@xmldom/xmldom';
import { DOMParser } from '@xmldom/xmldom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { killProcessesMentioning, processesMentioning } from '../helpers/processes.js';
import { yanglint, yanglintSkipReason } from '../render/yanglint.js';

const TEMPLATE = join(REPO_ROOT, 'test', 'fixtures', 'ncs-setup', 'ncs.conf');
// biome-ignore lint/suspicious/noTemplateCurlyInString: NSO's variable, literally
const NCS_DIR_REF = '${NCS_DIR}';

const SPEC = `project: ncs-setup-e2e
nso: { version: "6.4" }
layout: { base: 18000 }
defaults:
  template: ./ncs.conf
instances:
  - name: alpha
    snmp: true
  - name: bravo
    snmp: true
    ssh: { hostKeys: private }
  - name: charlie
    ipc: { transport: unix }
  - name: delta
    webui: { ssl: true }
    snmp: { enabled: true, address: 127.0.0.1 }
  - name: echo
    snmp: false
`;

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const WITH_SNMP = new Set(['alpha', 'bravo', 'delta']);
/** NSO's fixed ports that the template spells out (and SNMP's UDP 4000): no instance may keep one. */
const TEMPLATE_PORTS = [2022, 2023, 2024, 4000, 4334, 4569, 8080, 8888];

/** Where each TCP listener sits in ncs.conf. */
const TCP_PLACES: Record<string, string> = {
  ipc: 'ncs-ipc-address',
  netconfSsh: 'netconf-north-bound/transport/ssh',
  netconfTcp: 'netconf-north-bound/transport/tcp',
  cliSsh: 'cli/ssh',
  webuiTcp: 'webui/transport/tcp',
  webuiSsl: 'webui/transport/ssl',
};

type Ports = Record<string, number | null>;
interface RenderedInstance {
  name: string;
  runDir: string;
  ncsConf: string;
  ports: Ports;
}

let root: { path: string; remove: () => Promise<void> };
let project: string;
let env: Record<string, string>;

beforeEach(async () => {
  root = await tempDir('nso-multi-ncs-setup-');
  project = join(root.path, 'project');
  await mkdir(project);
  await copyFile(TEMPLATE, join(project, 'ncs.conf'));
  await writeFile(join(project, 'nso-multi.yaml'), SPEC);
  // ${NCS_DIR} must be set for NSO (and the simulator) to expand the template's references; nothing is read there.
  await mkdir(join(root.path, 'nso'));
  env = { NCS_DIR: join(root.path, 'nso'), NSO_MULTI_LEASE_DIR: join(root.path, 'leases') };
});

afterEach(async () => {
  await runCli(['down', '--purge'], project, env, 60_000);
  await killProcessesMentioning(root.path);
  await root.remove();
});

function parseDocument(xml: string): { root: Element; nodes: Node[] } {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  if (doc.documentElement === null) throw new Error('no root element');
  const nodes: Node[] = [];
  const visit = (node: Node) => {
    nodes.push(node);
    for (let child = node.firstChild; child !== null; child = child.nextSibling) visit(child);
  };
  visit(doc);
  return { root: doc.documentElement, nodes };
}

function pathOf(element: Element): string {
  const names: string[] = [];
  for (let at: Node | null = element; at !== null && at.nodeType === 1; at = at.parentNode) {
    names.unshift((at as Element).localName ?? '');
  }
  return names.slice(1).join('/');
}

// The file's comments, and its leaves that refer to ${NCS_DIR} as `path=value`, in document order.
function commentsAndVariables(xml: string): { comments: string[]; variables: string[] } {
  const { nodes } = parseDocument(xml);
  const comments = nodes.filter((n) => n.nodeType === 8).map((n) => n.nodeValue ?? '');
  const variables = nodes
    .filter((n) => n.nodeType === 1 && (n as Element).getElementsByTagName('*').length === 0)
    .map((n) => `${pathOf(n as Element)}=${n.textContent ?? ''}`)
    .filter((leaf) => leaf.includes(NCS_DIR_REF));
  return { comments, variables };
}

function leaves(xml: string, path: string): string[] {
  const { root: top } = parseDocument(xml);
  let level: Element[] = [top];
  for (const name of path.split('/')) {
    level = level.flatMap((parent) => {
      const found: Element[] = [];
      for (let n = parent.firstChild; n !== null; n = n.nextSibling) {
        if (n.nodeType === 1 && (n as Element).localName === name) found.push(n as Element);
      }
      return found;
    });
  }
  return level.map((e) => e.textContent?.trim() ?? '');
}

// ncs-local-ipc is NSO 6.4+, absent from the 6.2 schema: taken out (exactly one) before yanglint.
function withoutLocalIpc(xml: string): string {
  const block = /\n[ \t]*<ncs-local-ipc>[\s\S]*?<\/ncs-local-ipc>/g;
  expect(xml.match(block)).toHaveLength(1);
  return xml.replace(block, '');
}

async function renderJson(): Promise<RenderedInstance[]> {
  const result = await runCli(['render', '--json'], project, env, 60_000);
  expect(result.code, result.stderr).toBe(0);
  const doc = JSON.parse(result.stdout) as { instances: RenderedInstance[] };
  expect(doc.instances.map((i) => i.name)).toEqual(NAMES);
  return doc.instances;
}

// Every listener of an instance as `tcp:PORT`, `udp:PORT` or `unix:PATH`.
async function endpointsOf(instance: RenderedInstance): Promise<string[]> {
  const { snmp, ...tcp } = instance.ports;
  const endpoints = Object.values(tcp).flatMap((port) => (port === null ? [] : [`tcp:${port}`]));
  if (snmp !== null && snmp !== undefined) endpoints.push(`udp:${snmp}`);
  const conf = await readFile(instance.ncsConf, 'utf8');
  if (leaves(conf, 'ncs-local-ipc/enabled')[0] === 'true') {
    endpoints.push(`unix:${leaves(conf, 'ncs-local-ipc/path')[0]}`);
  }
  return endpoints;
}

// Every bound socket on the host as `tcp:PORT` (listening), `udp:PORT` or `unix:PATH`, by inode.
async function socketsByInode(): Promise<Map<string, string>> {
  const byInode = new Map<string, string>();
  for (const [table, kind] of [
    ['/proc/net/tcp', 'tcp'],
    ['/proc/net/tcp6', 'tcp'],
    ['/proc/net/udp', 'udp'],
    ['/proc/net/udp6', 'udp'],
  ] as const) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const fields of lines.map((l) => l.trim().split(/\s+/))) {
      // sl local_address rem_address st ... inode (index 9); a TCP listener has st 0A.
      if (fields[1] === undefined || fields[9] === undefined) continue;
      if (kind === 'tcp' && fields[3] !== '0A') continue;
      byInode.set(fields[9], `${kind}:${Number.parseInt(fields[1].split(':')[1] ?? '', 16)}`);
    }
  }
  const unix = (await readFile('/proc/net/unix', 'utf8')).split('\n').slice(1);
  for (const fields of unix.map((l) => l.trim().split(/\s+/))) {
    // Num RefCount Protocol Flags Type St Inode Path
    if (fields[6] !== undefined && fields[7] !== undefined) byInode.set(fields[6], `unix:${fields[7]}`);
  }
  return byInode;
}

// The endpoints a process holds open.
async function endpointsHeldBy(pid: number, sockets: Map<string, string>): Promise<Set<string>> {
  const held = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    const endpoint = inode === undefined ? undefined : sockets.get(inode);
    if (endpoint !== undefined) held.add(endpoint);
  }
  return held;
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).sort();
}

describe('an ncs-setup-style template for 5 instances', () => {
  it('render: valid for the schema, comments and NCS_DIR references kept, every listener its own', async () => {
    const template = await readFile(TEMPLATE, 'utf8');
    const original = commentsAndVariables(template);
    expect(original.comments.length).toBeGreaterThan(20);
    const instances = await renderJson();
    const skip = yanglintSkipReason();

    for (const instance of instances) {
      const { name, runDir, ports } = instance;
      const conf = await readFile(instance.ncsConf, 'utf8');
      if (skip === null) {
        const lint = yanglint(withoutLocalIpc(conf));
        expect(lint.ok, `${name}: ${lint.output}`).toBe(true);
      }

      // The template's comments, all of them and unchanged; its ${NCS_DIR} leaves but the ones nso-multi owns.
      const kept = commentsAndVariables(conf);
      expect(kept.comments, name).toEqual(original.comments);
      const owned = [
        // SNMP instances keep the shared folder (its schema files) behind their own; the others drop it.
        ...(WITH_SNMP.has(name) ? [] : [`load-path/dir=${NCS_DIR_REF}/etc/ncs/snmp`]),
        ...(name === 'charlie' ? [] : [`ncs-ipc-access-check/filename=${NCS_DIR_REF}/etc/ncs/ipc_access`]),
        ...(name === 'bravo' ? [`aaa/ssh-server-key-dir=${NCS_DIR_REF}/etc/ncs/ssh`] : []),
      ];
      expect(kept.variables, name).toEqual(original.variables.filter((leaf) => !owned.includes(leaf)));

      // Every TCP listener on loopback at its allocated port, none of the template's fixed ones.
      for (const [key, place] of Object.entries(TCP_PLACES)) {
        const port = ports[key];
        if (port === null || port === undefined) continue;
        expect([name, key, leaves(conf, `${place}/ip`), leaves(conf, `${place}/port`)]).toEqual([
          name,
          key,
          ['127.0.0.1'],
          [String(port)],
        ]);
      }
      const socket = leaves(conf, 'ncs-local-ipc/path');
      expect(socket, name).toEqual(name === 'charlie' ? [join(runDir, 'ipc.sock')] : []);

      // SNMP: the instance's own folder with its own UDP port just before the shared one, or no SNMP folder.
      const dirs = leaves(conf, 'load-path/dir');
      expect(dirs.slice(0, 2), name).toEqual(['./packages', `${NCS_DIR_REF}/etc/ncs`]);
      const snmpInit = join(runDir, 'snmp', 'snmp_init.xml');
      if (WITH_SNMP.has(name)) {
        expect(ports.snmp, name).toEqual(expect.any(Number));
        expect(dirs, name).toHaveLength(4);
        expect(resolve(runDir, dirs[2] ?? ''), name).toBe(join(runDir, 'snmp'));
        expect(dirs[3], name).toBe(`${NCS_DIR_REF}/etc/ncs/snmp`);
        const init = await readFile(snmpInit, 'utf8');
        expect(init).toContain(`<udp-port>${ports.snmp}</udp-port>`);
        expect(init).toContain('<ip>127.0.0.1</ip>');
      } else {
        expect(ports.snmp, name).toBeNull();
        expect(dirs, name).toHaveLength(2);
        expect(existsSync(snmpInit), name).toBe(false);
      }
    }

    // The layout: instance i owns 18000 + 10·i … + 9; SNMP at offset 6.
    expect(instances[0]?.ports).toMatchObject({
      ipc: 18010,
      netconfSsh: 18011,
      netconfTcp: 18012,
      cliSsh: 18013,
      webuiTcp: 18014,
      webuiSsl: null,
      snmp: 18016,
    });
    expect(instances[3]?.ports).toMatchObject({ webuiSsl: 18045, snmp: 18046 });

    // No TCP or UDP port and no socket path twice, across all instances and protocols.
    const endpoints = (await Promise.all(instances.map(endpointsOf))).flat();
    // TCP: 5 + 5 + 4 (charlie has no IPC port) + 6 (delta has Web UI SSL) + 5; UDP: 3 SNMP agents; one socket.
    expect(endpoints.length).toBe(25 + 3 + 1);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    const numbers = endpoints.filter((e) => !e.startsWith('unix:')).map((e) => Number(e.split(':')[1]));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.filter((port) => TEMPLATE_PORTS.includes(port))).toEqual([]);
  });

  it('up --sim runs all 5, each listener bound by its own daemon; down --purge leaves nothing', async () => {
    const before = await listing(project);
    const instances = await renderJson();
    const upped = await runCli(['up', '--sim'], project, env, 120_000);
    expect(upped.code, upped.stderr).toBe(0);

    const status = JSON.parse((await runCli(['status', '--json'], project, env)).stdout) as {
      instances: { name: string; status: string; pid: number; listening: Record<string, boolean | null> }[];
    };
    expect(status.instances.map((i) => [i.name, i.status])).toEqual(NAMES.map((n) => [n, 'running']));
    const pids = status.instances.map((i) => i.pid);
    expect(new Set(pids).size).toBe(5);

    const sockets = await socketsByInode();
    const all: string[] = [];
    for (const [index, instance] of instances.entries()) {
      const endpoints = await endpointsOf(instance);
      all.push(...endpoints);
      const held = await endpointsHeldBy(pids[index] ?? -1, sockets);
      expect([instance.name, endpoints.filter((e) => !held.has(e))]).toEqual([instance.name, []]);
      const listening = status.instances[index]?.listening ?? {};
      for (const [key, port] of Object.entries(instance.ports)) {
        if (port !== null) expect([instance.name, key, listening[key]]).toEqual([instance.name, key, true]);
      }
    }
    expect(new Set(all).size).toBe(all.length);

    const down = await runCli(['down', '--purge'], project, env, 60_000);
    expect(down.code, down.stderr).toBe(0);
    expect(await processesMentioning(root.path)).toEqual([]);
    const bound = new Set((await socketsByInode()).values());
    expect(all.filter((endpoint) => bound.has(endpoint))).toEqual([]);
    expect(await listing(project)).toEqual(before);
    const leases = join(env.NSO_MULTI_LEASE_DIR ?? '', 'leases.json');
    if (existsSync(leases)) expect(JSON.parse(await readFile(leases, 'utf8')).leases).toEqual([]);
  });
});
