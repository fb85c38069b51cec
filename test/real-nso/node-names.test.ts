// Two projects with the same `project:` name in different folders, both up at once with HA Raft on (which makes
// NSO register its Erlang node name in epmd): their node names differ, so both run. With one name the second
// daemon would exit 19 ("the name … seems to be in use by another Erlang node"; measured on NSO 6.2.5).
import { afterEach, expect, test } from 'vitest';
import { describeNso, NsoProject } from './nso.js';

const SPEC = { project: 'twin', defaults: { haRaft: { enabled: true } }, instances: [{ name: 'a' }] };

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
    }
  });
});
