import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';
import { writeSnmpProject } from '../helpers/snmp-project.js';
import { udpBound } from '../helpers/udp-bound.js';

// Ports of this file: blocks from 14000 (SNMP at offset 6) and the shared file's agent port.
const BASE = 14000;
const SHARED_AGENT_PORT = 14999;

// An ncs-setup-like load path: NSO's shared SNMP folder between the others.
const TEMPLATE = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <!-- Where to look for .fxs and snmp .bin files -->
  <load-path>
    <dir>./packages</dir>
    <dir>\${NCS_DIR}/etc/ncs</dir>
    <!-- To disable northbound snmp just remove the snmp dir -->
    <dir>\${NCS_DIR}/etc/ncs/snmp</dir>
  </load-path>
  <state-dir>./state</state-dir>
</ncs-config>
`;

// The shared folder's own snmp_init.xml, on loopback here (tests bind nothing else): an instance that still
// read it would open this port.
const SHARED_SNMP_INIT = `<snmp xmlns="http://tailf.com/ns/snmp">
  <agent><enabled>true</enabled><ip>127.0.0.1</ip><udp-port>${SHARED_AGENT_PORT}</udp-port></agent>
</snmp>
`;

const SPEC = `nso: { version: "6.2" }
layout: { base: ${BASE}, stride: 10 }
defaults:
  template: ./snmp-template.xml
instances:
  - name: one
    snmp: true
  - name: two
    snmp: { enabled: true, address: 127.0.0.1 }
  - name: three
`;

interface StatusDoc {
  instances: {
    name: string;
    status: string;
    pid: number | null;
    ports: Record<string, number | null>;
    listening: Record<string, boolean | null>;
    runDir: string;
    ncsConf: string;
  }[];
}

let dir: { path: string; remove: () => Promise<void> };
let env: NodeJS.ProcessEnv;

async function listing(root: string, from = root): Promise<string[]> {
  const entries = await readdir(from, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (e) =>
      e.isDirectory()
        ? [`${relative(root, join(from, e.name))}/`, ...(await listing(root, join(from, e.name)))]
        : [relative(root, join(from, e.name))],
    ),
  );
  return nested.flat().sort();
}

beforeEach(async () => {
  dir = await tempDir();
  ({ env } = await writeSnmpProject(dir.path, {
    template: TEMPLATE,
    spec: SPEC,
    snmpInit: SHARED_SNMP_INIT,
  }));
});

afterEach(async () => {
  await cleanUpProject(dir, { env });
});

describe('SNMP per instance', () => {
  it('up --sim: each SNMP instance binds its own UDP port, the third none; down --purge leaves nothing', async () => {
    const before = await listing(dir.path);
    const upped = await runCli(['up', '--sim'], dir.path, env);
    expect(upped.code, upped.stderr).toBe(0);

    const status = JSON.parse((await runCli(['status', '--json'], dir.path, env)).stdout) as StatusDoc;
    const [one, two, three] = status.instances;
    expect(status.instances.map((i) => i.status)).toEqual(['running', 'running', 'running']);
    expect(one?.ports.snmp).toBe(BASE + 10 + 6);
    expect(two?.ports.snmp).toBe(BASE + 20 + 6);
    expect(three?.ports.snmp).toBeNull();
    expect([one?.listening.snmp, two?.listening.snmp, three?.listening.snmp]).toEqual([true, true, null]);
    // UDP and TCP numbers stay unique within the plan.
    const all = status.instances.flatMap((i) => Object.values(i.ports).filter((p) => p !== null));
    expect(new Set(all).size).toBe(all.length);

    // Each agent port belongs to its own daemon: the daemon's log says so, and stopping it frees only that one.
    for (const instance of [one, two]) {
      const log = await readFile(join(instance!.runDir, 'logs', 'ncs.log'), 'utf8');
      expect(log).toContain(`listening: SNMP 127.0.0.1:${instance!.ports.snmp}`);
      const init = await readFile(join(instance!.runDir, 'snmp', 'snmp_init.xml'), 'utf8');
      expect(init).toContain(`<udp-port>${instance!.ports.snmp}</udp-port>`);
      expect(await readFile(instance!.ncsConf, 'utf8')).toMatch(/<dir>\.\/snmp<\/dir>/);
    }
    // The third reads no snmp_init.xml: no SNMP dir on its load path, none in its run dir, nothing bound.
    const third = await readFile(three!.ncsConf, 'utf8');
    expect(third).not.toMatch(/<dir>[^<]*snmp\/?<\/dir>/);
    expect(third).toContain('<dir>./packages</dir>');
    await expect(stat(join(three!.runDir, 'snmp', 'snmp_init.xml'))).rejects.toThrow();
    expect(await udpBound(SHARED_AGENT_PORT)).toBe(false);
    expect((await readFile(join(three!.runDir, 'logs', 'ncs.log'), 'utf8')).includes('SNMP')).toBe(false);

    expect(await readFile(join(dir.path, '.env.one'), 'utf8')).toContain(
      `export NSO_MULTI_SNMP_PORT='${one!.ports.snmp}'`,
    );
    const envThree = await readFile(join(dir.path, '.env.three'), 'utf8');
    expect(envThree).toMatch(/^unset .*\bNSO_MULTI_SNMP_PORT\b/m);
    expect(envThree).not.toContain('export NSO_MULTI_SNMP_PORT');

    const table = await runCli(['status'], dir.path, env);
    expect(table.stdout).toMatch(/\bSNMP\b/);

    const downOne = await runCli(['down', 'one'], dir.path, env);
    expect(downOne.code, downOne.stderr).toBe(0);
    expect(await udpBound(one!.ports.snmp!)).toBe(false);
    expect(await udpBound(two!.ports.snmp!)).toBe(true);

    const purged = await runCli(['down', '--purge'], dir.path, env);
    expect(purged.code, purged.stderr).toBe(0);
    expect(await udpBound(two!.ports.snmp!)).toBe(false);
    expect(await listing(dir.path)).toEqual(before);
  });

  it('render --json with SNMP switched off again drops the own snmp_init.xml and the load-path dir', async () => {
    const first = await runCli(['render', '--json'], dir.path, env);
    expect(first.code, first.stderr).toBe(0);
    const runDir = join(dir.path, '.nso-multi', 'one');
    expect((await stat(join(runDir, 'snmp', 'snmp_init.xml'))).isFile()).toBe(true);

    await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC.replace('snmp: true', 'snmp: false'));
    const second = await runCli(['render', '--json'], dir.path, env);
    expect(second.code, second.stderr).toBe(0);
    const doc = JSON.parse(second.stdout) as {
      instances: { name: string; ports: Record<string, number | null> }[];
    };
    expect(doc.instances.map((i) => i.ports.snmp)).toEqual([null, BASE + 20 + 6, null]);
    await expect(stat(join(runDir, 'snmp', 'snmp_init.xml'))).rejects.toThrow();
    expect(await readFile(join(runDir, 'ncs.conf'), 'utf8')).not.toMatch(/<dir>[^<]*snmp\/?<\/dir>/);
    expect(await readFile(join(dir.path, '.env.one'), 'utf8')).toMatch(/^unset .*\bNSO_MULTI_SNMP_PORT\b/m);
  });

  it('refuses a pinned SNMP port on an instance without SNMP', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), `${SPEC}    ports: { snmp: 14998 }\n`);
    const result = await runCli(['render'], dir.path, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a port is pinned for snmp');
  });
});
