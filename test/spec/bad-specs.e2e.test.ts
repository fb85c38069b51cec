// Every spec under test/fixtures/bad-specs/ must fail the same way through the built CLI: exit 2, exactly the
// problems in its .expected file, no stack trace, and nothing written (no run dir, env file, state or lease).
// UPDATE_BAD_SPECS=1 rewrites the .expected files from what the CLI prints; review them before committing.
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/processes.js';
import { giveToUser, runCliAs, testUser } from '../helpers/test-user.js';
import { type BadSpecCase, readBadSpecCases } from './bad-spec-cases.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'bad-specs');
const UPDATE = process.env.UPDATE_BAD_SPECS === '1';
const IS_ROOT = process.getuid?.() === 0;
/** As root, who writes anywhere, cases with read-only folders run as this ordinary user. */
const USER = testUser();
/** Stands for the temporary project folder in .expected files. */
const PROJECT = '<project>';

const cases = readBadSpecCases(FIXTURES);

// Every file and folder under `dir` with its size and mode: what "nothing was written" is compared on.
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const lines = await Promise.all(
    entries.map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path);
      return `${path.slice(dir.length + 1)} ${info.isDirectory() ? 'dir' : info.size} ${info.mode.toString(8)}`;
    }),
  );
  return lines.sort();
}

async function leaseFiles(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

// A fresh project holding the fixture and its companion files; `locked` folders made read-only.
async function makeProject(root: string, badSpec: BadSpecCase): Promise<string> {
  const project = join(root, 'project');
  await mkdir(project);
  await cp(join(FIXTURES, badSpec.file), join(project, badSpec.file));
  if (badSpec.companions) await cp(join(FIXTURES, badSpec.companions), project, { recursive: true });
  for (const dir of badSpec.readOnly) {
    await mkdir(join(project, dir), { recursive: true });
    await chmod(join(project, dir), 0o555);
  }
  return project;
}

describe('bad specs: exit 2, every problem listed, nothing written', () => {
  it('has at least 40 cases, each with its expected output', async ({ expect }) => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    if (UPDATE) return;
    for (const badSpec of cases) {
      await expect(stat(join(FIXTURES, badSpec.expected)), badSpec.expected).resolves.toBeDefined();
    }
  });

  for (const badSpec of cases) {
    // Root writes anywhere, so a read-only folder proves something only for an ordinary user.
    const asUser = IS_ROOT && badSpec.readOnly.length > 0 ? USER : undefined;
    const test = IS_ROOT && badSpec.readOnly.length > 0 && USER === undefined ? it.skip : it.concurrent;
    test(`${badSpec.file} (${badSpec.commands.join(', ')})`, async ({ expect }) => {
      const root = await mkdtemp(join(tmpdir(), 'nso-multi-bad-spec-'));
      try {
        const project = await makeProject(root, badSpec);
        const leases = join(root, 'leases');
        if (asUser) await giveToUser(asUser, root);
        const before = await snapshot(project);
        for (const command of badSpec.commands) {
          const args = ['-c', badSpec.file, ...command.split(' ')];
          const env = { NSO_MULTI_LEASE_DIR: leases };
          const result = asUser
            ? await runCliAs(asUser, args, project, env)
            : await runCli(args, project, env);
          const stderr = result.stderr.replaceAll(project, PROJECT);
          expect({ command, code: result.code, stdout: result.stdout }).toEqual({
            command,
            code: 2,
            stdout: '',
          });
          expect(stderr, 'no stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
          expect(stderr).toMatch(/^nso-multi: \d+ problems? in /);
          const expectedFile = join(FIXTURES, badSpec.expected);
          if (UPDATE && command === badSpec.commands[0]) await writeFile(expectedFile, stderr);
          expect(stderr, `${command}: stderr`).toBe(await readFile(expectedFile, 'utf8'));
          expect(await snapshot(project), `${command} wrote nothing`).toEqual(before);
          expect(await leaseFiles(leases), `${command} leased nothing`).toEqual([]);
        }
        expect(await processesMentioning(project), 'no daemon').toEqual([]);
      } finally {
        for (const dir of badSpec.readOnly) await chmod(join(root, 'project', dir), 0o755).catch(() => {});
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});
