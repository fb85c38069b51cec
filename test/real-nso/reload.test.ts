// Packages across instances on real NSO 6.2.5: `reload --build` builds a package two instances share once and
// both run its new YANG; a package whose Java class is missing is named with NSO's error; one dropped from the
// spec is reloaded with force; `up --wait-packages` fails on a package that is not up; on an HA Raft cluster only
// the leader reloads and the followers get its packages. Packages are made at test time with the installation's
// ncs-make-package.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { describeNso, type NsoProject, useNsoProject } from './nso.js';

const pair = (a: string[], b: string[]) => ({
  project: 'reload-real',
  instances: [
    { name: 'a', packages: a },
    { name: 'b', packages: b },
  ],
});

// A template service package made by ncs-make-package in pkgs/NAME, built; with `missingClass`, its
// package-meta-data also names a Java component whose class does not exist.
async function makePackage(p: NsoProject, name: string, missingClass?: string): Promise<void> {
  const made = await p.shell(
    `ncs-make-package --service-skeleton template --dest pkgs/${name} ${name} && make -C pkgs/${name}/src`,
  );
  expect(made.code, made.stdout + made.stderr).toBe(0);
  if (missingClass === undefined) return;
  const meta = join(p.dir, 'pkgs', name, 'package-meta-data.xml');
  const component = `<component><name>c</name><application><java-class-name>${missingClass}</java-class-name></application></component>`;
  await writeFile(
    meta,
    (await readFile(meta, 'utf8')).replace('</ncs-package>', `${component}\n</ncs-package>`),
  );
}

// Sets the service's new leaf in a configure session and shows the change (then drops it).
const setNote = (p: NsoProject, instance: string) =>
  p.shell(
    `. ./.env.${instance} && printf 'config\\nsvc s1 note hello\\nshow configuration\\nabort\\n' | ncs_cli -C -u admin`,
  );

const useSpec = (p: NsoProject, spec: object) => writeFile(join(p.dir, 'nso-multi.yaml'), stringify(spec));

describeNso('packages reload on real NSO', () => {
  const project = useNsoProject(pair([], []));

  test('reload --build: one build of a shared package, both instances run its new YANG; failures are named', async () => {
    const p = project();
    await makePackage(p, 'svc');
    await useSpec(p, pair(['pkgs/svc'], ['pkgs/svc']));
    const up = await p.cli(['up', '--wait-packages']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/✔ a: started \(pid \d+, [\d.]+ s; 1 package\(s\) up\)/);
    const before = await setNote(p, 'a');
    expect(before.stdout).toContain('syntax error: element does not exist');

    // A new leaf in the service's YANG: built once, reloaded in both.
    const yang = join(p.dir, 'pkgs', 'svc', 'src', 'yang', 'svc.yang');
    const text = await readFile(yang, 'utf8');
    await writeFile(
      yang,
      text.replace('    leaf dummy {', '    leaf note {\n      type string;\n    }\n\n    leaf dummy {'),
    );
    const reload = await p.cli(['reload', '--build']);
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stderr.match(/› svc: make -C /g)).toHaveLength(1);
    expect(reload.stderr).toMatch(/✔ a: reloaded, 1 of 1 package\(s\) up/);
    expect(reload.stderr).toMatch(/✔ b: reloaded, 1 of 1 package\(s\) up/);
    for (const instance of ['a', 'b']) {
      const after = await setNote(p, instance);
      expect(after.stdout, after.stderr).toMatch(/svc s1\s+note hello/);
    }

    // A package whose Java class is missing: NSO loads the rest; reload names the package and NSO's reason.
    await makePackage(p, 'broken', 'com.example.Missing');
    await useSpec(p, pair(['pkgs/svc', 'pkgs/broken'], ['pkgs/svc']));
    const failed = await p.cli(['reload']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'a: package broken: program-code-error: LOAD_PACKAGE[com.example.Missing]',
    );
    expect(failed.stderr).toMatch(/✔ b: reloaded, 1 of 1 package\(s\) up/);
    expect(failed.stderr).not.toMatch(/at .*\.js:\d+/);

    // Dropped from the spec: NSO would refuse to delete its namespace, so reload says it forces and does.
    await useSpec(p, pair(['pkgs/svc'], ['pkgs/svc']));
    const dropped = await p.cli(['reload', 'a', '--json']);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stderr).toContain('› a: packages reload (force: removes broken and its data)');
    const doc = JSON.parse(dropped.stdout) as {
      outcomes: { instance: string; packages: { name: string; status: string }[] }[];
    };
    expect(doc.outcomes).toHaveLength(1);
    expect(doc.outcomes[0]!.packages).toEqual([expect.objectContaining({ name: 'svc', status: 'up' })]);

    // The next up starts nothing new and reloads nothing: the state knows what NSO runs.
    await p.cli(['down']);
    const again = await p.cli(['up']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('reloading packages');
  }, 400_000);

  test("up --wait-packages fails on a package that is not up, naming it with the Java VM's reason", async () => {
    const p = project();
    await makePackage(p, 'svc');
    await makePackage(p, 'broken', 'com.example.Missing');
    await useSpec(p, pair(['pkgs/svc', 'pkgs/broken'], ['pkgs/svc']));
    const up = await p.cli(['up', '--wait-packages']);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('a: package broken: program-code-error: LOAD_PACKAGE[com.example.Missing]');
    expect(up.stderr).toContain('Caused by: java.lang.ClassNotFoundException: com.example.Missing');
    const status = JSON.parse((await p.cli(['status', '--json'])).stdout) as {
      instances: { name: string; status: string }[];
    };
    expect(status.instances.map((i) => i.status)).not.toContain('running');

    // Without the option the same start succeeds: the daemon is ready, the package is not.
    const plain = await p.cli(['up']);
    expect(plain.code, plain.stderr).toBe(0);
  }, 300_000);
});

describeNso('packages reload on a real HA Raft cluster', () => {
  const project = useNsoProject({
    project: 'reload-raft',
    defaults: { haRaft: { enabled: true } },
    instances: [{ name: 'n1' }, { name: 'n2' }, { name: 'n3' }],
  });

  test('only the leader reloads; the followers get its packages', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    await makePackage(p, 'svc');
    await useSpec(p, {
      project: 'reload-raft',
      defaults: { haRaft: { enabled: true }, packages: ['pkgs/svc'] },
      instances: [{ name: 'n1' }, { name: 'n2' }, { name: 'n3' }],
    });
    const reload = await p.cli(['reload']);
    expect(reload.code, reload.stderr).toBe(0);
    expect(reload.stderr).toMatch(/› n1: packages reload \(HA Raft leader of n2, n3\)/);
    expect(reload.stderr.match(/packages reload/g)).toHaveLength(1);
    expect(reload.stderr).toMatch(/✔ n2: got the packages of its leader n1, 1 of 1 package\(s\) up/);
    expect(reload.stderr).toMatch(/✔ n3: got the packages of its leader n1, 1 of 1 package\(s\) up/);

    // Asked for a follower alone, the leader reloads for it; a follower itself refuses (read-only).
    const follower = await p.cli(['reload', 'n3']);
    expect(follower.code, follower.stderr).toBe(0);
    expect(follower.stderr).toContain('› n1: packages reload (HA Raft leader of n3)');
    const refused = await p.shell(`. ./.env.n2 && echo 'packages reload' | ncs_cli -s -C -u admin`);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain('Error: not leader');
  }, 300_000);
});
