// What a user does first, on a real NSO: the instances behave like ones made by `ncs-setup --dest`
// (admin/admin in the CLI, over NETCONF SSH and CLI SSH, config mode and commit), and each env file reaches
// its own instance and no other, in every shell and with every client NSO ships.
import { expect, test } from 'vitest';
import { describeNso, useNsoProject } from './nso.js';
import { netconfGetConfig, sshCli } from './ssh-clients.js';

const SPEC = { project: 'first-use', instances: [{ name: 'a' }, { name: 'b' }] };

describeNso('a fresh project on real NSO', () => {
  const project = useNsoProject(SPEC);

  test('is usable like ncs-setup made it, and each env file reaches only its own instance', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.stderr).toContain('a: started');
    expect(up.code, up.stderr).toBe(0);

    // ncs_cli through a's env file enters config mode as admin and commits.
    const commit = await p.shell(
      `. ./.env.a && printf 'config\\ndevices authgroups group only-in-a default-map remote-name x remote-password y\\ncommit\\nend\\n' | ncs_cli -u admin -C`,
    );
    expect(commit.stdout + commit.stderr).toContain('Commit complete.');

    // Read back through each env file, in each shell: a has the group, b does not (but answers).
    for (const shell of ['bash', 'dash', 'zsh']) {
      const a = await p.shell('. ./.env.a && ncs_load -F p -p /devices/authgroups </dev/null', { shell });
      expect(a.stdout, `${shell}: ${a.stderr}`).toContain('<name>only-in-a</name>');
      const b = await p.shell('. ./.env.b && ncs_load -F p -p /devices/authgroups </dev/null', { shell });
      expect(b.stdout, `${shell}: ${b.stderr}`).toContain('<name>default</name>');
      expect(b.stdout).not.toContain('only-in-a');
    }

    // ncs --status, ncs_cmd and ncs_cli -C reach the instance whose env file was sourced.
    for (const name of ['a', 'b']) {
      const status = await p.shell(`. ./.env.${name} && ncs --status >status.out && grep -c . status.out`);
      expect(status.code, status.stderr).toBe(0);
      const phase = await p.shell(`. ./.env.${name} && ncs_cmd -c get_phase`);
      expect(phase.stdout).toMatch(/phase: 2/);
      const show = await p.shell(
        `. ./.env.${name} && echo 'show running-config devices authgroups group | include only-in-a' | ncs_cli -u admin -C`,
      );
      expect(show.stdout.includes('only-in-a')).toBe(name === 'a');
    }

    // The northbound SSH listeners accept admin/admin, as ncs-setup's initial CDB data gives.
    const env = await p.shell('. ./.env.a && echo "$NSO_MULTI_NETCONF_SSH_PORT $NSO_MULTI_CLI_SSH_PORT"');
    const [netconfPort, cliPort] = env.stdout.trim().split(' ').map(Number);
    const reply = await netconfGetConfig(
      netconfPort!,
      'admin',
      'admin',
      '<devices xmlns="http://tail-f.com/ns/ncs"><authgroups/></devices>',
    );
    expect(reply).toContain('<name>only-in-a</name>');
    const cli = await sshCli(
      cliPort!,
      'admin',
      'admin',
      'show configuration devices authgroups group only-in-a',
    );
    expect(cli).toContain('remote-name');
    await expect(
      netconfGetConfig(netconfPort!, 'admin', 'wrong', '<devices xmlns="http://tail-f.com/ns/ncs"/>'),
    ).rejects.toThrow(/Permission denied/);
  });
});
