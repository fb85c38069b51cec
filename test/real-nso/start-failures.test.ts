// How `up` handles a real NSO that cannot start as planned. A port taken between allocation and bind (the
// racing wrapper lets a squatter take it just before ncs starts): NSO 6.2.5 exits 20 for its IPC port, but
// starts without a NETCONF or CLI SSH listener whose port is taken; either way the port moves and the instance
// starts again. A configuration NSO rejects: exit 21 with NSO's own message and the tail of the log.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { describeNso, NCS_DIR, useNsoProject } from './nso.js';

const RACING_NCS = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'racing-ncs.sh');

describeNso('start failures on real NSO', () => {
  const project = useNsoProject({ project: 'start-failures', instances: [{ name: 'a' }] });

  // `up` with a squatter on the port that `variable` names in instance a's environment; returns what `up`
  // printed, the squatted port and a's status afterwards.
  async function upWithSquatter(variable: string) {
    const p = project();
    const mark = join(p.dir, 'squat');
    const env = {
      REAL_NCS: join(NCS_DIR, 'bin', 'ncs'),
      SQUAT_INSTANCE: 'a',
      SQUAT_VAR: variable,
      SQUAT_MARK: mark,
      SQUAT_SECONDS: '170',
    };
    const up = await p.cli(['up', '--ncs', RACING_NCS], env);
    const squatted = Number(await readFile(mark, 'utf8'));
    const status = JSON.parse((await p.cli(['status', '--json'])).stdout).instances[0];
    return { up, squatted, status };
  }

  test('a CLI SSH port taken before NSO binds it: NSO starts without it; up moves the port and starts again', async () => {
    const { up, squatted, status } = await upWithSquatter('NSO_MULTI_CLI_SSH_PORT');
    expect(up.stderr).toContain(`a: started without listening on cliSsh 127.0.0.1:${squatted}`);
    expect(up.stderr).toMatch(/a: started \(pid \d+/);
    expect(up.code, up.stderr).toBe(0);
    expect(status.status).toBe('running');
    expect(status.ports.cliSsh).not.toBe(squatted);
    expect(status.listening).toMatchObject({ ipc: true, netconfSsh: true, cliSsh: true });
  });

  test('a NETCONF SSH port taken before NSO binds it: the same', async () => {
    const { up, squatted, status } = await upWithSquatter('NSO_MULTI_NETCONF_SSH_PORT');
    expect(up.stderr).toContain(`a: started without listening on netconfSsh 127.0.0.1:${squatted}`);
    expect(up.code, up.stderr).toBe(0);
    expect(status.status).toBe('running');
    expect(status.ports.netconfSsh).not.toBe(squatted);
    expect(status.listening).toMatchObject({ ipc: true, netconfSsh: true, cliSsh: true });
  });

  test("the IPC port taken before NSO binds it: exit 20 with NSO's message, the port moves, the retry starts", async () => {
    const { up, squatted, status } = await upWithSquatter('NCS_IPC_PORT');
    expect(up.stderr).toContain(
      `a: exit 20: failed to bind a socket (a port is in use): Cannot bind to internal socket 127.0.0.1:${squatted} : address already in use`,
    );
    expect(up.code, up.stderr).toBe(0);
    expect(status.status).toBe('running');
    expect(status.ports.ipc).not.toBe(squatted);
    expect(status.listening).toMatchObject({ ipc: true, netconfSsh: true, cliSsh: true });
  });
});

describeNso('a configuration real NSO rejects', () => {
  const project = useNsoProject('project: bad-config\ninstances:\n  - name: a\n    template: ./bad.xml\n');

  test("exit 21: up names the instance and shows NSO's own message and the tail of its log", async () => {
    const p = project();
    const bundled = await readFile(join(REPO_ROOT, 'templates', 'ncs.conf.xml'), 'utf8');
    const bad = bundled.replace(
      '<developer-log-level>trace</developer-log-level>',
      '<developer-log-level>chatty</developer-log-level>',
    );
    expect(bad).not.toBe(bundled);
    await p.shell(`cat > bad.xml <<'EOF'\n${bad}EOF`);
    const up = await p.cli(['up']);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(
      /a: exit 21: bad configuration file: Bad configuration: .*ncs\.conf:\d+: .*chatty/,
    );
    expect(up.stderr).toMatch(/\n {2}\| .*chatty/);
    expect(up.stderr).not.toMatch(/\n\s+at /);
    const status = JSON.parse((await p.cli(['status', '--json'])).stdout).instances[0];
    expect(status).toMatchObject({ status: 'failed', pid: null });
  });
});
