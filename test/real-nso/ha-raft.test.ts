// HA Raft nodes on real NSO: three instances with HA Raft on start and run, each registered in epmd under its
// own node name, and reach each other over TLS with the certificates render made (creating the cluster is
// another matter). epmd, which NSO starts for them, outlives them:
// `status` and `down` say so. The test leaves epmd running, as `down` does: other projects' nodes (other
// tests running at the same time) may be registered there, and epmd is harmless.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { waitUntil } from '../../src/host/wait-until.js';
import { describeNso, NCS_DIR, useNsoProject } from './nso.js';

const EPMD = join(NCS_DIR, 'lib', 'ncs', 'bin', 'epmd');

describeNso('HA Raft on real NSO', () => {
  const project = useNsoProject({
    project: 'raft-real',
    defaults: { haRaft: { enabled: true } },
    instances: [{ name: 'n1' }, { name: 'n2' }, { name: 'n3' }],
  });

  test('three HA Raft instances start and run, each its own node in epmd, and epmd outlives them', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);

    const status = await p.cli(['status', '--json']);
    const doc = JSON.parse(status.stdout);
    expect(doc.instances.map((i: { status: string }) => i.status)).toEqual(['running', 'running', 'running']);
    expect(doc.epmd).toEqual({ port: 4369, listening: true });
    expect((await p.cli(['status'])).stderr).toContain('register with epmd on port 4369 (listening)');

    // Each node registered under its sname, on its own HA Raft port.
    const names = await p.shell(`"${EPMD}" -names`);
    for (const instance of doc.instances) {
      const env = await p.shell(`. ./.env.${instance.name} && echo "$sname"`);
      const sname = env.stdout.trim();
      expect(sname).toMatch(/^nso_multi_raft_real_[0-9a-f]{6}_n\d$/);
      expect(names.stdout).toContain(`name ${sname} at port ${instance.ports.haRaft}`);
    }
    // Each node is connected to the other two, over TLS with the certificates of the cluster's authority: NSO
    // reports the node's own certificate file.
    const addresses = await Promise.all(
      doc.instances.map(async (i: { name: string }) =>
        (await p.shell(`. ./.env.${i.name} && echo "$NSO_MULTI_HA_RAFT_NODE"`)).stdout.trim(),
      ),
    );
    for (const [index, instance] of doc.instances.entries()) {
      const others = addresses.filter((_a: string, j: number) => j !== index);
      const show = (what: string) =>
        p.cli([
          'exec',
          instance.name,
          '--',
          'sh',
          '-c',
          `echo "show ha-raft status ${what}" | ncs_cli -u admin -C`,
        ]);
      let shown = '';
      // Bounded: the nodes started at about the same time, but each connects once the others listen.
      await waitUntil(
        async () => {
          shown = (await show('connected-node')).stdout;
          return others.every((a: string) => shown.includes(a));
        },
        30_000,
        500,
      );
      expect(shown).toContain(`connected-node [ ${others.join(' ')} ]`);
      const certs = await show('certificates');
      expect(certs.stdout).toContain(`file-path       ${p.dir}/.nso-multi/${instance.name}/ha-raft/node.crt`);
    }

    // epmd refuses to be killed while nodes are registered (so the note's advice cannot break a running node).
    const kill = await p.shell(`"${EPMD}" -kill`);
    expect(kill.stdout + kill.stderr).toMatch(/not allowed/i);

    const down = await p.cli(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain(
      'epmd (the Erlang port mapper NSO started for HA Raft) still listens on port 4369',
    );
    const after = await p.shell(`"${EPMD}" -names`);
    expect(after.stdout).toContain('epmd: up and running on port 4369');
    expect(after.stdout).not.toContain('nso_multi_raft_real_');
  });
});
