// With an NSO installation at hand (NCS_DIR), an SNMP instance's snmp_init.xml is the installation's own file
// (its namespaces, communities, comments) with only the agent's ip and udp-port changed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SNMP_AGENT_NS } from '../../src/render/snmp-init.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';
import { writeSnmpProject } from '../helpers/snmp-project.js';
import { udpBound } from '../helpers/udp-bound.js';

// Ports of this file: blocks from 14700 (SNMP at offset 6), and the installation's own agent port.
const BASE = 14700;
const INSTALL_AGENT_PORT = 14790;
const INSTALL_NS = 'urn:example:installed-snmp-agent';

const TEMPLATE = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <load-path>
    <dir>./packages</dir>
    <dir>\${NCS_DIR}/etc/ncs/snmp</dir>
  </load-path>
  <state-dir>./state</state-dir>
</ncs-config>
`;

// A customised installation file in a namespace nso-multi does not generate; loopback only, as tests bind.
const INSTALL_SNMP_INIT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Site defaults: engine ID, communities and users changed as NSO's docs ask. -->
<config xmlns="http://tail-f.com/ns/config/1.0">
  <snmp xmlns="${INSTALL_NS}">
    <agent>
      <enabled>true</enabled>
      <ip>127.0.0.1</ip>
      <udp-port>${INSTALL_AGENT_PORT}</udp-port>
      <engine-id><from-text>site-a</from-text></engine-id>
    </agent>
  </snmp>
  <SNMP-COMMUNITY-MIB xmlns="urn:example:community">
    <snmpCommunityTable>
      <snmpCommunityEntry><snmpCommunityIndex>site-ro</snmpCommunityIndex></snmpCommunityEntry>
    </snmpCommunityTable>
  </SNMP-COMMUNITY-MIB>
</config>
`;

const SPEC = `nso: { version: "6.2" }
layout: { base: ${BASE}, stride: 10 }
defaults:
  template: ./snmp-template.xml
instances:
  - name: one
    snmp: true
  - name: two
`;

interface StatusDoc {
  instances: {
    name: string;
    ports: Record<string, number | null>;
    listening: Record<string, boolean | null>;
    runDir: string;
  }[];
}

let dir: { path: string; remove: () => Promise<void> };
let installFile: string;
let env: NodeJS.ProcessEnv;
const ownFile = () => join(dir.path, '.nso-multi', 'one', 'snmp', 'snmp_init.xml');

beforeEach(async () => {
  dir = await tempDir();
  ({ env, installFile } = await writeSnmpProject(dir.path, {
    template: TEMPLATE,
    spec: SPEC,
    snmpInit: INSTALL_SNMP_INIT,
  }));
});

afterEach(async () => {
  await cleanUpProject(dir, { purge: true, env });
});

describe("SNMP from the installation's snmp_init.xml", () => {
  it('render keeps the file byte for byte but for the port; up --sim binds that port, not the shared one', async () => {
    const rendered = await runCli(['render'], dir.path, env);
    expect(rendered.code, rendered.stderr).toBe(0);
    const port = BASE + 10 + 6;
    expect(await readFile(ownFile(), 'utf8')).toBe(
      INSTALL_SNMP_INIT.replace(`<udp-port>${INSTALL_AGENT_PORT}<`, `<udp-port>${port}<`),
    );
    expect(rendered.stderr).not.toContain(installFile);

    const upped = await runCli(['up', '--sim'], dir.path, env);
    expect(upped.code, upped.stderr).toBe(0);
    const status = JSON.parse((await runCli(['status', '--json'], dir.path, env)).stdout) as StatusDoc;
    const [one, two] = status.instances;
    expect(one?.ports.snmp).toBe(port);
    expect([one?.listening.snmp, two?.listening.snmp]).toEqual([true, null]);
    expect(await udpBound(port)).toBe(true);
    expect(await udpBound(INSTALL_AGENT_PORT)).toBe(false);
    const log = await readFile(join(one!.runDir, 'logs', 'ncs.log'), 'utf8');
    expect(log).toContain(`listening: SNMP 127.0.0.1:${port}`);
  });

  it("without NCS_DIR, finds the installation above the spec's ncs.command (<dir>/bin/ncs)", async () => {
    const ncs = join(dir.path, 'nso', 'bin', 'ncs');
    await mkdir(join(dir.path, 'nso', 'bin'));
    await writeFile(ncs, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    await writeFile(join(dir.path, 'nso-multi.yaml'), `ncs: { command: ./nso/bin/ncs }\n${SPEC}`);
    const rendered = await runCli(['render'], dir.path, { NCS_DIR: '' });
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(await readFile(ownFile(), 'utf8')).toContain(`<snmp xmlns="${INSTALL_NS}">`);
  });

  it('falls back to the generated file, naming the installation file, when that file has no agent', async () => {
    await writeFile(installFile, INSTALL_SNMP_INIT.replace(/<agent>[\s\S]*<\/agent>/, ''));
    const rendered = await runCli(['render'], dir.path, env);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stderr).toContain(installFile);
    const own = await readFile(ownFile(), 'utf8');
    expect(own).toContain(`<snmp xmlns="${SNMP_AGENT_NS}">`);
    expect(own).toContain(`<udp-port>${BASE + 10 + 6}</udp-port>`);
  });

  it('generates the file when NCS_DIR has no snmp_init.xml', async () => {
    const rendered = await runCli(['render'], dir.path, { NCS_DIR: join(dir.path, 'elsewhere') });
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stderr).not.toContain('snmp_init.xml');
    expect(await readFile(ownFile(), 'utf8')).toContain(`<snmp xmlns="${SNMP_AGENT_NS}">`);
  });
});
