// `doctor` against the real installation, with the environment `. $NCS_DIR/ncsrc` gives: NSO 6.2.5 healthy
// before and after `up`, which finds ncs through NCS_DIR when the spec names no `ncs.command`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeNso, NCS_DIR, useNsoProject } from './nso.js';

interface Check {
  id: string;
  status: string;
  detail: string;
}

describeNso('doctor on real NSO', () => {
  const project = useNsoProject({ project: 'doctor-real', instances: [{ name: 'a' }] });

  async function doctor(env: NodeJS.ProcessEnv = {}) {
    const result = await project().cli(['doctor', '--json'], env);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: Check[] };
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    return { result, report, byId };
  }

  test('reports the installation (6.2.5) healthy, and up without ncs.command runs its ncs', async () => {
    const before = await doctor();
    expect(before.result.code, before.result.stdout).toBe(0);
    expect(before.report.ok).toBe(true);
    expect(before.byId.ncs).toMatchObject({ status: 'ok', detail: `${join(NCS_DIR, 'bin', 'ncs')} (6.2.5)` });
    expect(before.byId.NCS_DIR).toMatchObject({ status: 'ok' });
    expect(before.byId.NCS_DIR?.detail).toContain('ncs and the clients on PATH are its own');
    expect(before.report.checks.filter((c) => c.status === 'warn' || c.status === 'fail')).toEqual([]);

    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    const state = JSON.parse(await readFile(join(p.dir, '.nso-multi', 'state.json'), 'utf8'));
    expect(state.instances.a.runtime.ncs.file).toBe(join(NCS_DIR, 'bin', 'ncs'));

    const after = await doctor();
    expect(after.report.ok, after.result.stdout).toBe(true);
    for (const id of ['state', 'secrets', 'processes']) expect(after.byId[id]?.status, id).toBe('ok');
  });

  test('warns when NCS_DIR is set but its clients are not on PATH (ncsrc not sourced)', async () => {
    const { byId } = await doctor({ PATH: '/usr/local/bin:/usr/bin:/bin' });
    expect(byId.NCS_DIR).toMatchObject({ status: 'warn' });
    expect(byId.NCS_DIR?.detail).toContain('no ncs_cli on PATH');
  });
});
