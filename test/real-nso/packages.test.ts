// Packages on a real NSO: a package added to the spec after the first start is loaded on the next `up`
// (NSO ignores the load path once state/packages-in-use exists unless told to reload), and one removed from
// the spec is unloaded on the next `up`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { describeNso, NCS_DIR, useNsoProject } from './nso.js';

const NED = 'cisco-ios-cli-3.8';

const spec = (packages: string[]) => ({
  project: 'packages-real',
  instances: [{ name: 'p', packages }],
});

describeNso('packages on real NSO', () => {
  const project = useNsoProject(spec([]));

  test('a package added after the first start is loaded by the next up, and unloaded once removed', async () => {
    const p = project();
    const upDown = async (packages: string[]) => {
      await writeFile(join(p.dir, 'nso-multi.yaml'), stringify(spec(packages)));
      const up = await p.cli(['up']);
      expect(up.code, up.stderr).toBe(0);
      const show = await p.shell(
        `. ./.env.p && echo 'show packages package oper-status' | ncs_cli -u admin -C`,
      );
      expect(show.code, show.stderr).toBe(0);
      const down = await p.cli(['down']);
      expect(down.code, down.stderr).toBe(0);
      return { up: up.stderr, packages: show.stdout };
    };

    const none = await upDown([]);
    expect(none.packages).not.toContain(NED);
    expect(none.up).not.toContain('packages reloaded');

    const added = await upDown([join(NCS_DIR, 'packages', 'neds', NED)]);
    expect(added.up).toContain(`reloading packages (added ${NED}: --with-package-reload)`);
    expect(added.up).toContain('packages reloaded');
    expect(added.packages).toMatch(new RegExp(`packages package ${NED}\\s+oper-status up`));

    const removed = await upDown([]);
    expect(removed.up).toContain(`reloading packages (removed ${NED}: --with-package-reload-force)`);
    expect(removed.packages).not.toContain(NED);
  }, 420_000);
});
