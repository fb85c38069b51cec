import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanUpProject } from '../helpers/project-cleanup.js';

// A running instance holds its own ports: a `render` in between (a changed spec, say) must see them as its
// own, not as taken by someone else, or every port would move under the running daemons.
const SPEC = `nso: { version: "6.2" }
ncs: { command: sim }
layout: { base: 18500, stride: 10 }
instances:
  - name: one
  - name: two
`;

let dir: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  dir = await tempDir();
  await writeFile(join(dir.path, 'nso-multi.yaml'), SPEC);
});

afterEach(async () => {
  await cleanUpProject(dir, { purge: true });
});

type RenderDoc = { instances: { name: string; ports: Record<string, number | null> }[]; moves: unknown[] };

describe('render while instances run', () => {
  it('keeps every port of the running instances and lets down stop them', async () => {
    const first = await runCli(['render', '--json'], dir.path);
    expect(first.code, first.stderr).toBe(0);
    const before = JSON.parse(first.stdout) as RenderDoc;

    const up = await runCli(['up'], dir.path, {}, 60_000);
    expect(up.code, up.stderr).toBe(0);

    const again = await runCli(['render', '--json'], dir.path);
    expect(again.code, again.stderr).toBe(0);
    const after = JSON.parse(again.stdout) as RenderDoc;
    expect(after.moves).toEqual([]);
    expect(after.instances.map((i) => i.ports)).toEqual(before.instances.map((i) => i.ports));

    const status = await runCli(['status', '--json'], dir.path);
    expect(status.code, status.stderr).toBe(0);
    const doc = JSON.parse(status.stdout) as { instances: { name: string; status: string }[] };
    expect(doc.instances.map((i) => i.status)).toEqual(['running', 'running']);

    const down = await runCli(['down'], dir.path, {}, 60_000);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).not.toMatch(/SIGTERM|SIGKILL/);
  });
});
