import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

describe('nso-multi command line', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    const result = await runCli(['--version'], REPO_ROOT);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists every command on stdout', async () => {
    const result = await runCli(['--help'], REPO_ROOT);
    expect(result.code).toBe(0);
    expect(Object.keys(COMMANDS)).toEqual(
      expect.arrayContaining(['plan', 'render', 'up', 'status', 'down', 'exec', 'env', 'gc', 'sim']),
    );
    for (const command of Object.keys(COMMANDS)) {
      expect(result.stdout).toContain(`  ${command} `);
    }
  });

  it('an unknown command or option is a usage error (exit 2) with a hint and no stack trace', async () => {
    const command = await runCli(['rendr'], REPO_ROOT);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe(
      `nso-multi: unknown command rendr
hint: commands: ${Object.keys(COMMANDS).join(', ')} (see nso-multi --help)
`,
    );
    const option = await runCli(['render', '--jsn'], REPO_ROOT);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^nso-multi: Unknown option '--jsn'/);
    expect(option.stderr).toMatch(/\nhint: usage: nso-multi render \[.*--json\]\n/);
  });

  it('--debug before the command or among its options adds the stack, mapped to src/; after `--` it is not ours', async () => {
    const dir = await tempDir('nso-multi-debug-');
    try {
      await writeFile(
        join(dir.path, 'nso-multi.yaml'),
        'instances:\n  - name: a\n    ports: { ipc: 99999 }\n',
      );
      const plain = await runCli(['plan'], dir.path);
      expect(plain.code).toBe(2);
      expect(plain.stderr).not.toContain('    at ');
      for (const args of [
        ['--debug', 'plan'],
        ['plan', '--debug'],
      ]) {
        const result = await runCli(args, dir.path);
        expect(result.code).toBe(2);
        expect(result.stderr.startsWith(plain.stderr)).toBe(true);
        expect(result.stderr).toMatch(/\n {4}at .*src\/spec\/load-spec\.ts:\d+:\d+/);
      }
      // Not rendered, so exec fails for nso-multi's own reasons; the child's --debug does not add a stack.
      const exec = await runCli(['exec', 'a', '--', 'true', '--debug'], dir.path);
      expect(exec.code).not.toBe(0);
      expect(exec.stderr).not.toContain('    at ');
    } finally {
      await dir.remove();
    }
  });

  it('a command --help prints its usage', async () => {
    const result = await runCli(['env', '--help'], REPO_ROOT);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: nso-multi env NAME');
  });
});
