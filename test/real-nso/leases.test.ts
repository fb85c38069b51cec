// Leases that yield, with real NSO 6.2.5: the README's quickstart (instances.example.yaml, NSO local install)
// in two clones. After a plain `down` in the first, the second starts: it takes over the pinned ports the first
// still leases, with a warning naming it, and its NSO listens there. While the second runs, its leases are hard:
// the first cannot start on its pin. Once the second is down, the first takes the ports back the same way.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { describeNso, NsoProject, nsoEnv } from './nso.js';

// The example's layout and pins moved to ports of this file: 22800-22899.
async function example(): Promise<string> {
  const text = (await readFile(join(REPO_ROOT, 'instances.example.yaml'), 'utf8'))
    .replace('base: 20000', 'base: 22800')
    .replace('ipc: 21001', 'ipc: 22891')
    .replace('netconfTcp: 21002', 'netconfTcp: 22892');
  expect(text).toContain('ipc: 22891');
  expect(text).toContain('netconfTcp: 22892');
  return text;
}

describeNso('leases that yield, between two clones running real NSO', () => {
  test('the quickstart in a second clone after a plain down in the first, and back', async () => {
    const spec = await example();
    const project = await NsoProject.create(spec);
    try {
      const clones = ['clone1', 'clone2'].map((name) => join(project.dir, name));
      for (const clone of clones) {
        await mkdir(clone);
        await writeFile(join(clone, 'instances.example.yaml'), spec);
      }
      const [one, two] = clones as [string, string];
      const cli = (clone: string, ...args: string[]) =>
        runCli(['-c', 'instances.example.yaml', ...args], clone, nsoEnv(), 180_000);
      // What `ncs --status` says through instance3's env file of a clone (its version line), and the IPC port.
      const reached = async (clone: string) =>
        (
          await project.shell(
            `cd ${clone} && . ./.env.instance3 && status=$(ncs --status) && printf '%s\\n' "$status" | grep '^vsn:' && echo "$NCS_IPC_PORT"`,
          )
        ).stdout;

      const first = await cli(one, 'up');
      expect(first.code, first.stderr).toBe(0);
      expect(await reached(one)).toBe('vsn: 6.2.5\n22891\n');
      expect((await cli(one, 'down')).code).toBe(0);

      const second = await cli(two, 'up');
      expect(second.code, second.stderr).toBe(0);
      const stateOne = join(one, '.nso-multi', 'state.json');
      for (const [listener, port] of [
        ['ipc', 22891],
        ['netconfTcp', 22892],
      ] as const) {
        expect(second.stderr).toContain(
          `warning: instance3 ${listener}: took over port ${port}, leased by the project of ${stateOne}, which runs nothing`,
        );
      }
      expect(await reached(two)).toBe('vsn: 6.2.5\n22891\n');

      // The second runs: its leases hold, and the first's pin is refused, with nothing of the first started.
      const refused = await cli(one, 'up');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /instance3: ipc port 22891 \(pinned\) is leased by another nso-multi project/,
      );
      const statusOne = JSON.parse((await cli(one, 'status', '--json')).stdout);
      expect(statusOne.instances.every((i: { status: string }) => i.status !== 'running')).toBe(true);

      expect((await cli(two, 'down')).code).toBe(0);
      const back = await cli(one, 'up');
      expect(back.code, back.stderr).toBe(0);
      expect(back.stderr).toContain(
        `warning: instance3 ipc: took over port 22891, leased by the project of ${join(two, '.nso-multi', 'state.json')}, which runs nothing`,
      );
      expect(await reached(one)).toBe('vsn: 6.2.5\n22891\n');
    } finally {
      for (const clone of ['clone1', 'clone2'])
        await runCli(['-c', 'instances.example.yaml', 'down', '--purge'], join(project.dir, clone), nsoEnv());
      await project.cleanup();
    }
  });
});
