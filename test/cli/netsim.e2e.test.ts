// Netsim networks as the simulator runs them (it runs no devices): the spec's networks are planned all the same,
// their NED is loaded as a package, the env file names the network's folder, `up --sim` says the devices are
// not made, and `status` lists them as not running. Real devices are in test/real-nso/netsim.test.ts.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { stopProject } from '../helpers/project-cleanup.js';

// Ports of this file: 31700-31799.
const SPEC = `project: lab
layout: { base: 31700, stride: 10 }
instances:
  - name: a
    netsim:
      - { ned: ./router-ned, count: 2, prefix: r }
      - { ned: ./router-ned, count: 1, prefix: edge }
  - name: b
`;

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-netsim-');
  const ned = join(dir.path, 'router-ned');
  await mkdir(join(ned, 'netsim'), { recursive: true });
  await cp(
    join(
      REPO_ROOT,
      'test',
      'fixtures',
      'bad-specs',
      '65-netsim-ned-without-netsim.files',
      'packages',
      'router',
      'package-meta-data.xml',
    ),
    join(ned, 'package-meta-data.xml'),
  );
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});
afterEach(async () => {
  await stopProject(dir.path);
  await dir.remove();
});

const cli = (args: string[]) =>
  runCli(args, dir.path, { NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') }, 60_000);

interface Device {
  name: string;
  ports: Record<string, number>;
  running: boolean;
}

describe('netsim with the simulator', () => {
  it('plans the devices on one block of ports, loads the NED, and names the network in the env file', async () => {
    const up = await cli(['up', '--sim']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain(
      'warning: a: netsim network not made: the simulator has no NSO installation; the instance starts without its devices',
    );
    const status = JSON.parse((await cli(['status', '--json'])).stdout);
    const devices: Device[] = status.instances[0].netsim.devices;
    expect(devices.map((d) => [d.name, d.running])).toEqual([
      ['r0', false],
      ['r1', false],
      ['edge0', false],
    ]);
    // One block after the two instance blocks: 3 devices × 5 kinds, each kind's ports consecutive.
    expect(devices.map((d) => d.ports)).toEqual(
      [0, 1, 2].map((i) => ({
        ipc: 31730 + i,
        netconfSsh: 31733 + i,
        netconfTcp: 31736 + i,
        snmp: 31739 + i,
        cliSsh: 31742 + i,
      })),
    );
    expect(status.instances[1].netsim).toBeUndefined();
    const envA = parseDotenv(await readFile(join(dir.path, '.env.a'), 'utf8'));
    expect(envA.NETSIM_DIR).toBe(join(dir.path, '.nso-multi', 'a', 'netsim'));
    expect(await readFile(join(dir.path, '.env.b'), 'utf8')).toMatch(/^unset .* NETSIM_DIR$/m);
    expect(
      await readFile(
        join(dir.path, '.nso-multi', 'a', 'packages', 'router-ned', 'package-meta-data.xml'),
        'utf8',
      ),
    ).toContain('<name>router</name>');
    const human = (await cli(['status'])).stdout;
    expect(human).toContain(
      'a: netsim 0 of 3 device(s) running (r0, r1, edge0); CLI SSH 31742-31744, NETCONF SSH 31733-31735',
    );
  });

  it('keeps the block across renders', async () => {
    await cli(['render']);
    const first = JSON.parse((await cli(['plan', '--json'])).stdout);
    await cli(['render']);
    const second = JSON.parse((await cli(['plan', '--json'])).stdout);
    expect(second).toEqual(first);
  });
});
