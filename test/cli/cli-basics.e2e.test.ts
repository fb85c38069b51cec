import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

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

  it('a command --help prints its usage', async () => {
    const result = await runCli(['env', '--help'], REPO_ROOT);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('usage: nso-multi env NAME');
  });
});
