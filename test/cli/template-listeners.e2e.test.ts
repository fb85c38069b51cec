import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';

// An ncs-setup-like Web UI on 0.0.0.0:8080, plus HA and call-home on their defaults: nso-multi must move
// each to an allocated port on loopback.
const TEMPLATE = `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">
  <state-dir>./state</state-dir>
  <webui>
    <enabled>true</enabled>
    <transport>
      <tcp>
        <enabled>true</enabled>
        <ip>0.0.0.0</ip>
        <port>8080</port>
      </tcp>
    </transport>
  </webui>
  <netconf-call-home>
    <enabled>true</enabled>
  </netconf-call-home>
  <ha>
    <enabled>true</enabled>
  </ha>
</ncs-config>
`;

const spec = (base: number) => `nso: { version: "6.2" }
layout: { base: ${base}, stride: 10 }
defaults:
  template: ./webui.xml
instances:
  - name: one
  - name: two
    webui: { ssl: true }
  - name: three
    ha: { enabled: false }
`;

let dir: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  dir = await tempDir();
  await writeFile(join(dir.path, 'webui.xml'), TEMPLATE);
});

afterEach(async () => {
  await cleanUpProject(dir);
});

type PortsDoc = Record<string, number | null>;

describe('listeners the template enables', () => {
  it('render --json gives each its own port, never shared, in ncs.conf and the env file', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(17100));
    const result = await runCli(['render', '--json'], dir.path);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      instances: { name: string; ports: PortsDoc; ncsConf: string }[];
    };
    const [one, two, three] = doc.instances;
    expect(one?.ports).toMatchObject({ webuiTcp: 17114, webuiSsl: null, ha: 17119, callHome: 17140 });
    expect(two?.ports).toMatchObject({ webuiTcp: 17124, webuiSsl: 17125, ha: 17129, callHome: 17141 });
    expect(three?.ports).toMatchObject({ webuiTcp: 17134, ha: null, callHome: 17142, restconfTcp: null });
    const all = doc.instances.flatMap((i) => Object.values(i.ports).filter((p) => p !== null));
    expect(new Set(all).size).toBe(all.length);

    const conf = await readFile(one!.ncsConf, 'utf8');
    expect(conf).toMatch(/<tcp>\s*<enabled>true<\/enabled>\s*<ip>127\.0\.0\.1<\/ip>\s*<port>17114<\/port>/);
    expect(conf).not.toContain('0.0.0.0');
    const env = await readFile(join(dir.path, '.env.three'), 'utf8');
    expect(env).toContain("export NSO_MULTI_WEBUI_TCP_PORT='17134'");
    expect(env).toContain("export NSO_MULTI_CALL_HOME_PORT='17142'");
    expect(env).toMatch(/^unset .*\bNSO_MULTI_HA_PORT\b/m);

    const table = await runCli(['plan'], dir.path);
    expect(table.stdout).toMatch(/WEB-UI-TCP\s+WEB-UI-SSL\s+HA\s+NETCONF-CALL-HOME/);
  });

  it('a port pinned for a listener the template leaves off fails the render', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), `${spec(17200)}    ports: { restconfTcp: 17299 }\n`);
    const result = await runCli(['render'], dir.path);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a port is pinned for restconfTcp');
  });

  it('up --sim: status --json finds every one of them listening; down ends all', async () => {
    await writeFile(join(dir.path, 'nso-multi.yaml'), spec(17300));
    const upped = await runCli(['up', '--sim'], dir.path);
    expect(upped.code, upped.stderr).toBe(0);
    const status = JSON.parse((await runCli(['status', '--json'], dir.path)).stdout) as {
      instances: {
        name: string;
        status: string;
        ports: PortsDoc;
        listening: Record<string, boolean | null>;
      }[];
    };
    for (const instance of status.instances) {
      expect(instance.status).toBe('running');
      for (const [key, port] of Object.entries(instance.ports)) {
        expect([instance.name, key, instance.listening[key]]).toEqual([
          instance.name,
          key,
          port === null && key !== 'ipc' ? null : true,
        ]);
      }
    }
    expect(status.instances[1]?.listening).toMatchObject({
      webuiTcp: true,
      webuiSsl: true,
      ha: true,
      callHome: true,
    });
    const table = await runCli(['status'], dir.path);
    expect(table.stdout).toMatch(/CLI-SSH\s+WEB-UI-TCP\s+WEB-UI-SSL\s+HA\s+NETCONF-CALL-HOME$/m);
    const down = await runCli(['down'], dir.path);
    expect(down.code, down.stderr).toBe(0);
    const after = JSON.parse((await runCli(['status', '--json'], dir.path)).stdout) as typeof status;
    expect(after.instances.map((i) => i.status)).toEqual(['stopped', 'stopped', 'stopped']);
  });
});
