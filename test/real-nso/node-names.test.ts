// Two projects with the same `project:` name in different folders, both up at once with HA Raft on (which makes
// NSO register its Erlang node name, the HA Raft node address `<sname>@<address>`, in epmd): their node names
// differ, so both run. With one name the second daemon exits 19 ("the name … seems to be in use by another
// Erlang node"), and `up` reports that exit code.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { describeNso, NCS_DIR, NsoProject } from './nso.js';

const RACING_NCS = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'racing-ncs.sh');

// Two nodes: an HA Raft cluster of one node is a spec error.
const SPEC = {
  project: 'twin',
  defaults: { haRaft: { enabled: true } },
  instances: [{ name: 'a' }, { name: 'b' }],
};

describeNso('node names on one host', () => {
  const projects: NsoProject[] = [];
  afterEach(async () => {
    await Promise.all(projects.splice(0).map((p) => p.cleanup()));
  });

  test('two projects of one name in different folders get different node names and both run', async () => {
    projects.push(await NsoProject.create(SPEC), await NsoProject.create(SPEC));
    const ups = await Promise.all(projects.map((p) => p.cli(['up'])));
    for (const up of ups) expect(up.code, up.stderr).toBe(0);
    const snames = await Promise.all(
      projects.map(async (p) => (await p.shell('. ./.env.a && echo "$sname"')).stdout.trim()),
    );
    expect(snames[0]).toMatch(/^nso_multi_twin_[0-9a-f]{6}_a$/);
    expect(snames[1]).toMatch(/^nso_multi_twin_[0-9a-f]{6}_a$/);
    expect(snames[0]).not.toBe(snames[1]);
    for (const p of projects) {
      const doc = JSON.parse((await p.cli(['status', '--json'])).stdout);
      expect(doc.instances[0]).toMatchObject({ status: 'running', listening: { ipc: true } });
      expect(doc.instances.map((i: { haRaft: { role: string } }) => i.haRaft.role).sort()).toEqual([
        'follower',
        'leader',
      ]);
    }
  });

  test('a daemon whose node name is taken exits 19, and up says so with the exit code, not a timeout', async () => {
    projects.push(await NsoProject.create(SPEC), await NsoProject.create(SPEC));
    const [first, second] = projects as [NsoProject, NsoProject];
    const up = await first.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    const taken = (await first.shell('. ./.env.a && echo "$NSO_MULTI_HA_RAFT_NODE"')).stdout.trim();
    // Only `a`: with both nodes clashing, whichever exits first would roll the other back.
    const clash = await second.cli(['up', 'a', '--ncs', RACING_NCS], {
      REAL_NCS: join(NCS_DIR, 'bin', 'ncs'),
      FORCE_NODE: taken,
    });
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/a: exit 19: internal error/);
    expect(clash.stderr).not.toContain('not ready after');
    const consoleLog = await readFile(join(second.dir, '.nso-multi', 'a', 'logs', 'ncs-console.log'), 'utf8');
    expect(consoleLog).toContain(`the name ${taken} seems to be in use by another Erlang node`);
  });
});
