// LSA on real NSO 6.2.5: an upper node and two lower nodes with two cisco-ios-cli-3.8 netsim devices each, from
// one spec and one `up`: the lower nodes start first, the upper node has both as remote nodes and devices of
// the LSA NED, in sync, with their devices' configuration; a lower node syncs from its own device; a second
// `up` changes nothing; `down` leaves no NSO or ConfD daemon.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { processesMentioning } from '../helpers/processes.js';
import { describeNso, NCS_DIR, useNsoProject } from './nso.js';

const IOS = join(NCS_DIR, 'packages', 'neds', 'cisco-ios-cli-3.8');

describeNso('LSA on real NSO', () => {
  const project = useNsoProject({
    project: 'lsa-lab',
    layout: { base: 22700, stride: 10 },
    instances: [
      { name: 'upper', lsa: { lower: ['lower1', 'lower2'] } },
      { name: 'lower1', netsim: [{ ned: IOS, count: 2, prefix: 'ios' }] },
      { name: 'lower2', netsim: [{ ned: IOS, count: 2, prefix: 'xr' }] },
    ],
  });

  test('one up: the upper node syncs from both lower nodes, each lower node from its devices', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    // The upper node starts once both lower nodes have.
    const started = (name: string) => up.stderr.indexOf(`✔ ${name}: started`);
    expect(started('upper')).toBeGreaterThan(Math.max(started('lower1'), started('lower2')));
    expect(up.stderr).toContain('✔ upper: LSA upper node of lower1, lower2: configured, synced');

    // CLI input on an instance through its env file, as admin.
    const run = (instance: string, input: string) =>
      p.shell(`. ./.env.${instance} && ncs_cli -u admin -C <<'END'\n${input}END`, { timeoutMs: 120_000 });
    const upper = await run(
      'upper',
      'devices check-sync\nshow running-config devices device lower2 config devices device xr1 port\n',
    );
    expect(upper.stdout.match(/result in-sync/g), upper.stdout + upper.stderr).toHaveLength(2);
    const status = JSON.parse((await p.cli(['status', '--json'])).stdout);
    const xr1 = status.instances[2].netsim.devices[1];
    expect(upper.stdout).toContain(`port ${xr1.ports.cliSsh}`);
    const lower = await run('lower1', 'devices device ios1 sync-from\n');
    expect(lower.stdout).toContain('result true');

    const again = await p.cli(['up']);
    expect(again.stderr).toContain('✔ upper: LSA upper node of lower1, lower2: as before');

    const down = await p.cli(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await processesMentioning(join(p.dir, '.nso-multi'), { inFolder: true })).toEqual([]);
  });
});
