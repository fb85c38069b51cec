// `up` reloads NSO's packages only when the spec's packages changed since the instance last started: the
// daemon gets --with-package-reload for an added package, --with-package-reload-force for a removed one, and
// the output says so. On the simulator, which accepts the flags; test/real-nso/packages.test.ts runs NSO.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';

const BASE = 19600;

let dir: { path: string; remove: () => Promise<void> };
const env = () => ({ NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') });

beforeEach(async () => {
  dir = await tempDir('nso-multi-package-reload-');
  for (const name of ['router', 'l3vpn']) {
    await mkdir(join(dir.path, 'pkgs', name), { recursive: true });
    await writeFile(
      join(dir.path, 'pkgs', name, 'package-meta-data.xml'),
      `<ncs-package><name>${name}</name></ncs-package>\n`,
    );
  }
});

afterEach(async () => {
  await cleanUpProject(dir, { env: env() });
});

async function writeSpec(packages: string[]): Promise<void> {
  await writeFile(
    join(dir.path, 'nso-multi.yaml'),
    `nso: { version: "6.2" }\nlayout: { base: ${BASE}, stride: 10 }\ninstances:\n  - name: one\n    packages: [${packages.join(', ')}]\n`,
  );
}

// `up --sim`, then the flags the daemon was started with (from its command line), then `down`.
async function upAndDown(): Promise<{ stderr: string; flags: string[] }> {
  const up = await runCli(['up', '--sim'], dir.path, env());
  expect(up.code, up.stderr).toBe(0);
  const status = JSON.parse((await runCli(['status', '--json'], dir.path, env())).stdout) as {
    instances: { pid: number }[];
  };
  const cmdline = await readFile(`/proc/${status.instances[0]!.pid}/cmdline`, 'utf8');
  const flags = cmdline.split('\0').filter((arg) => arg.startsWith('--with-package-reload'));
  const down = await runCli(['down'], dir.path, env());
  expect(down.code, down.stderr).toBe(0);
  return { stderr: up.stderr, flags };
}

describe('up and a changed package set', () => {
  it('reloads on the start after a package was added or removed, and not otherwise', async () => {
    await writeSpec([]);
    const first = await upAndDown();
    expect(first.flags).toEqual([]);
    expect(first.stderr).not.toContain('packages');

    await writeSpec(['pkgs/router', 'pkgs/l3vpn']);
    const added = await upAndDown();
    expect(added.flags).toEqual(['--with-package-reload']);
    expect(added.stderr).toContain(
      'one: starting, reloading packages (added router, l3vpn: --with-package-reload)',
    );
    expect(added.stderr).toMatch(/one: started \(pid \d+, [\d.]+ s; packages reloaded\)/);

    const same = await upAndDown();
    expect(same.flags).toEqual([]);
    expect(same.stderr).not.toContain('packages');

    await writeSpec(['pkgs/l3vpn']);
    const removed = await upAndDown();
    expect(removed.flags).toEqual(['--with-package-reload-force']);
    expect(removed.stderr).toContain(
      'one: starting, reloading packages (removed router: --with-package-reload-force)',
    );
  });
});
