import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withHostLock } from '../../src/host/host-lock.js';
import { waitUntil } from '../../src/host/wait-until.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

const HOLDER = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'lock-holder.mjs');
const ENTRY = join(REPO_ROOT, 'dist', 'host', 'host-lock.js');

let dir: { path: string; remove: () => Promise<void> };
let name: string;
const children: ReturnType<typeof spawn>[] = [];

beforeEach(async () => {
  dir = await tempDir();
  name = `nso-multi-test-lock-${process.pid}-${Math.random().toString(36).slice(2)}`;
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await dir.remove();
});

function run(args: string[]): {
  child: ReturnType<typeof spawn>;
  done: Promise<number | null>;
  out: () => string;
} {
  const child = spawn(process.execPath, [HOLDER, ENTRY, name, dir.path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  return { child, done: new Promise((resolve) => child.on('close', resolve)), out: () => out };
}

describe('withHostLock', () => {
  it('excludes other processes: 4 processes × 25 read-modify-writes lose no update', async () => {
    const counter = join(dir.path, 'counter');
    await writeFile(counter, '0');
    const runs = Array.from({ length: 4 }, () => run([counter, '25']));
    expect(await Promise.all(runs.map((r) => r.done))).toEqual([0, 0, 0, 0]);
    expect(await readFile(counter, 'utf8')).toBe('100');
  });

  it('is free again the moment its holder is killed with SIGKILL: no stale lock', async () => {
    const holder = run(['', '0', '1']);
    expect(await waitUntil(() => holder.out().includes('held'), 10_000)).toBe(true);
    let entered = false;
    const waiting = withHostLock({ name, dir: dir.path, timeoutMs: 10_000 }, async () => {
      entered = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(entered).toBe(false);
    holder.child.kill('SIGKILL');
    await waiting;
    expect(entered).toBe(true);
  });

  it('gives up with LOCK_TIMEOUT when the lock stays taken', async () => {
    const holder = run(['', '0', '1']);
    expect(await waitUntil(() => holder.out().includes('held'), 10_000)).toBe(true);
    await expect(
      withHostLock({ name, dir: dir.path, timeoutMs: 300 }, async () => undefined),
    ).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
  });
});
