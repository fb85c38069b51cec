// The CLI's V8 code cache (src/cli/compile-cache.ts) as a user meets it: the built CLI in fresh processes,
// each with its own cache folder. A cache may change how fast a command starts, never what it does.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempDir } from '../helpers/cli.js';

let dir: { path: string; remove: () => Promise<void> };
let project: string;

beforeEach(async () => {
  dir = await tempDir('nso-multi-cc-e2e-');
  project = join(dir.path, 'project');
  await mkdir(project);
});

afterEach(async () => {
  await dir.remove();
});

// A spec that loads the spec machinery (YAML, schema, positions) and is refused at a known place.
async function writeBadSpec(): Promise<void> {
  await writeFile(
    join(project, 'nso-multi.yaml'),
    'project: cc\nlayout: { base: 28600, stride: 10 }\ninstances:\n  - name: a\n    nonsense: 1\n',
  );
}

function run(args: string[], cache: string | undefined): Promise<CliResult> {
  const env = cache === undefined ? { NODE_DISABLE_COMPILE_CACHE: '1' } : { NSO_MULTI_CACHE_DIR: cache };
  return runCli(args, project, env);
}

// Every data file of a cache folder with its inode and mtime.
function snapshot(cache: string): Map<string, string> {
  const files = new Map<string, string>();
  const v8 = join(cache, 'v8');
  for (const build of readdirSync(v8)) {
    for (const name of readdirSync(join(v8, build))) {
      if (name === 'origin') continue;
      const s = statSync(join(v8, build, name));
      files.set(join(build, name), `${s.ino}:${s.mtimeMs}`);
    }
  }
  return files;
}

const outcome = (r: CliResult) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });

describe('the CLI with its compile cache', () => {
  it('fills the cache on the first run, then starts from it without writing, with the same results', async () => {
    await writeBadSpec();
    const cache = join(dir.path, 'cache');
    const off = await run(['plan'], undefined);
    expect(off.code).toBe(2);
    expect(off.stderr).toContain('nonsense');

    const cold = await run(['plan'], cache);
    expect(outcome(cold)).toEqual(outcome(off));
    const filled = snapshot(cache);
    expect([...filled.keys()].some((name) => name.includes('load-spec'))).toBe(true);

    const warm = await run(['plan'], cache);
    expect(outcome(warm)).toEqual(outcome(off));
    expect(snapshot(cache)).toEqual(filled);

    // A command that needs other chunks adds theirs and leaves the rest alone.
    const help = await run(['--help'], cache);
    expect(help.code).toBe(0);
    const after = snapshot(cache);
    for (const [name, stamp] of filled) expect(after.get(name)).toBe(stamp);
  });

  it('rewrites damaged data and still does the same', async () => {
    await writeBadSpec();
    const cache = join(dir.path, 'cache');
    const first = await run(['plan'], cache);
    const v8 = join(cache, 'v8');
    const [build] = readdirSync(v8);
    const damaged = readdirSync(join(v8, build as string)).filter((name) => name !== 'origin');
    for (const name of damaged) writeFileSync(join(v8, build as string, name), Buffer.alloc(2048, 0x5a));
    const again = await run(['plan'], cache);
    expect(outcome(again)).toEqual(outcome(first));
    for (const name of damaged) {
      expect(readFileSync(join(v8, build as string, name)).equals(Buffer.alloc(2048, 0x5a))).toBe(false);
    }
  });

  it('runs without a word when the cache folder cannot be made, or is switched off', async () => {
    await writeBadSpec();
    const blocked = join(dir.path, 'not-a-folder');
    await writeFile(blocked, 'x');
    const off = await run(['plan'], undefined);
    const result = await run(['plan'], blocked);
    expect(outcome(result)).toEqual(outcome(off));
    expect(readFileSync(blocked, 'utf8')).toBe('x');
    // Switched off: nothing written to the folder the variable names.
    const unused = join(dir.path, 'unused');
    await runCli(['plan'], project, { NODE_DISABLE_COMPILE_CACHE: '1', NSO_MULTI_CACHE_DIR: unused });
    expect(() => statSync(unused)).toThrow();
  });

  it('loads a spec written in JavaScript on a cold and on a warm start', async () => {
    await writeFile(
      join(project, 'nso-multi.config.mjs'),
      "export default { project: 'ccjs', workdir: 'wd', instances: [{ name: 'a' }] };\n",
    );
    const cache = join(dir.path, 'cache');
    const off = await run(['status'], undefined);
    const cold = await run(['status'], cache);
    const warm = await run(['status'], cache);
    expect(off.stderr).not.toContain('dynamic import');
    expect(outcome(cold)).toEqual(outcome(off));
    expect(outcome(warm)).toEqual(outcome(off));
  });
});
