// How `up` waits for a real NSO and how `down` stops it: with NSO's C client ncs_cmd where it lies beside ncs
// (no Erlang VM per wait or stop), with `ncs --wait-started` / `ncs --stop` where it does not. Either way `up`
// returns only once every instance is fully started (phase 2), and `down` leaves no daemon behind.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { processesMentioning } from '../helpers/processes.js';
import { describeNso, NCS_DIR, useNsoProject } from './nso.js';

const SPEC = { project: 'control', instances: [{ name: 'a' }] };

// A bin folder in the project with wrappers that log each call to calls.log and run NSO's own command.
async function loggingBin(dir: string, names: string[]): Promise<{ ncs: string; log: string }> {
  const bin = join(dir, 'wrapped-bin');
  const log = join(dir, 'calls.log');
  await mkdir(bin);
  for (const name of names) {
    const script = `#!/bin/sh\necho "${name} $*" >> '${log}'\nexec '${join(NCS_DIR, 'bin', name)}' "$@"\n`;
    await writeFile(join(bin, name), script);
    await chmod(join(bin, name), 0o755);
  }
  return { ncs: join(bin, 'ncs'), log };
}

describeNso('waiting for and stopping a real NSO', () => {
  const project = useNsoProject(SPEC);

  for (const [how, names, waited, stopped] of [
    ['ncs_cmd beside ncs', ['ncs', 'ncs_cmd'], 'ncs_cmd -c wait-start 2', 'ncs_cmd -c stop'],
    ['no ncs_cmd beside ncs', ['ncs'], 'ncs --wait-started 120', 'ncs --stop'],
  ] as const) {
    test(`${how}: up returns at phase 2 and down leaves no daemon`, async () => {
      const p = project();
      const { ncs, log } = await loggingBin(p.dir, [...names]);
      const up = await p.cli(['up', '--ncs', ncs]);
      expect(up.code, up.stderr).toBe(0);
      const phase = await p.shell('. ./.env.a && ncs_cmd -c get_phase');
      expect(phase.stdout).toMatch(/^phase: 2 /);
      const down = await p.cli(['down']);
      expect(down).toMatchObject({ code: 0, stdout: 'a: stopped (ncs --stop)\n' });
      expect(await processesMentioning(join(p.dir, '.nso-multi'))).toEqual([]);
      const calls = (await readFile(log, 'utf8')).split('\n');
      expect(calls).toContain(waited);
      expect(calls).toContain(stopped);
      expect(calls.filter((c) => c.startsWith('ncs --wait-started') || c === 'ncs --stop')).toHaveLength(
        names.length === 1 ? 2 : 0,
      );
    });
  }
});
