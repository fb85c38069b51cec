// --allow-insecure-ipc through the built CLI: render, plan and up accept it and drop exactly the IPC exposure
// problem. The spec keeps another problem, so nothing is ever rendered, probed or bound on a public address.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// The unknown top-level key leaves the instance valid, so the IPC rule runs on it.
const SPEC = [
  'projct: lab',
  'instances:',
  '  - name: nso1',
  '    ipc: { address: 0.0.0.0, accessCheck: { enabled: false } }',
  '',
].join('\n');

const UNKNOWN_KEY = '  nso-multi.yaml:1:1: projct: unknown key `projct` — did you mean `project`?';
const EXPOSED =
  '  nso-multi.yaml:4:12: instances.0.ipc.address: IPC listens on 0.0.0.0 without the access check: whoever reaches that port controls NSO completely — use 127.0.0.1 or ::1, or set `ipc.accessCheck.enabled: true`, or accept the risk with --allow-insecure-ipc';
const HINT = 'hint: fix the problems listed; instances.example.yaml shows a valid spec';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('nso-multi-insecure-ipc-');
  await writeFile(join(dir.path, 'package.json'), '{}\n');
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});
afterEach(async () => {
  await dir.remove();
});

describe('--allow-insecure-ipc', () => {
  const env = () => ({ NSO_MULTI_LEASE_DIR: join(dir.path, 'leases') });

  it('without it, render reports the exposed IPC beside the other problem', async () => {
    const result = await runCli(['render'], dir.path, env());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      ['nso-multi: 2 problems in nso-multi.yaml', UNKNOWN_KEY, EXPOSED, HINT, ''].join('\n'),
    );
  });

  for (const command of [['render'], ['plan'], ['up', '--sim']]) {
    it(`${command.join(' ')} takes it and reports only the other problem`, async () => {
      const result = await runCli([...command, '--allow-insecure-ipc'], dir.path, env());
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        ['nso-multi: 1 problem in nso-multi.yaml', UNKNOWN_KEY, HINT, ''].join('\n'),
      );
      expect((await readdir(dir.path)).sort()).toEqual(['nso-multi.yaml', 'package.json']);
    });
  }

  it('is in the usage of render, plan and up', async () => {
    for (const command of ['render', 'plan', 'up']) {
      const result = await runCli([command, '--help'], dir.path, env());
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('[--allow-insecure-ipc]');
    }
  });
});
