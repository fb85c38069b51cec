// Netsim networks on real NSO 6.2.5 and ncs-netsim: two projects, each an instance with two cisco-ios-cli-3.8
// devices, run at the same time; each instance has its devices after one `up` and syncs from them, no port is
// shared, `status` lists the devices, and `down` leaves no ConfD running.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { waitUntil } from '../../src/host/wait-until.js';
import { processesMentioning } from '../helpers/processes.js';
import { describeNso, NCS_DIR, type NsoProject, useNsoProject } from './nso.js';

interface Status {
  instances: {
    name: string;
    ports: Record<string, number | null>;
    netsim?: { dir: string; devices: { name: string; ports: Record<string, number>; running: boolean }[] };
  }[];
}

const IOS = join(NCS_DIR, 'packages', 'neds', 'cisco-ios-cli-3.8');

const spec = (project: string, base: number) => ({
  project,
  layout: { base, stride: 10 },
  instances: [{ name: 'nso', netsim: [{ ned: IOS, count: 2, prefix: 'ios' }] }],
});

// Every port a project holds: its instances' listeners and its devices' ports.
function portsOf(doc: Status): number[] {
  return doc.instances.flatMap((i) => [
    ...Object.values(i.ports).filter((p): p is number => p !== null),
    ...(i.netsim?.devices ?? []).flatMap((d) => Object.values(d.ports)),
  ]);
}

// The leases of the projects that `gc` would free (the lease registry is shared with the other test files).
async function staleLeasesOf(projects: NsoProject[]): Promise<string[]> {
  const gc = await projects[0]!.cli(['gc', '--dry-run', '--json']);
  expect(gc.code, gc.stderr).toBe(0);
  const reclaimed = (
    JSON.parse(gc.stdout) as { reclaimed: { project: string; instance: string; key: string }[] }
  ).reclaimed;
  return reclaimed
    .filter((l) => projects.some((p) => l.project.startsWith(`${p.dir}/`)))
    .map((l) => `${l.instance}/${l.key}`);
}

describeNso('netsim networks on real NSO', () => {
  // One layout base for both: the second project's ports come from the leases, not from a layout of its own.
  const first = useNsoProject(spec('netsim-a', 22600));
  const second = useNsoProject(spec('netsim-b', 22600));
  const status = async (p: NsoProject): Promise<Status> =>
    JSON.parse((await p.cli(['status', '--json'])).stdout);

  test('two projects with two devices each: both sync, no port shared, down stops every device', async () => {
    const [a, b] = [first(), second()];
    const ups = await Promise.all([a.cli(['up']), b.cli(['up'])]);
    for (const up of ups) {
      expect(up.code, up.stderr).toBe(0);
      expect(up.stderr).toContain('✔ nso: netsim 2 device(s) (2 started); added to its devices');
    }
    const docs = await Promise.all([status(a), status(b)]);
    for (const doc of docs) {
      expect(doc.instances[0]?.netsim?.devices.map((d) => [d.name, d.running])).toEqual([
        ['ios0', true],
        ['ios1', true],
      ]);
    }
    const [portsA, portsB] = docs.map(portsOf) as [number[], number[]];
    expect(new Set(portsA).size).toBe(portsA.length);
    expect(portsA.filter((p) => portsB.includes(p))).toEqual([]);
    // Every lease of the two projects holds, the devices' ports too: gc would free none of them.
    expect(await staleLeasesOf([a, b])).toEqual([]);

    for (const p of [a, b]) {
      // The env file points ncs-netsim at the instance's own network, and NSO syncs from both devices.
      const listed = await p.shell('. ./.env.nso && ncs-netsim list');
      expect(listed.stdout).toContain(join(p.dir, '.nso-multi', 'nso', 'netsim', 'ios', 'ios1'));
      const sync = await p.shell('. ./.env.nso && echo "devices sync-from" | ncs_cli -u admin -C', {
        timeoutMs: 120_000,
      });
      expect(sync.stdout.match(/result true/g), sync.stdout + sync.stderr).toHaveLength(2);
      // The devices' ConfD run in their folders (the check below that down leaves none can see them).
      expect(
        (await processesMentioning(join(p.dir, '.nso-multi', 'nso', 'netsim'), { inFolder: true })).length,
      ).toBeGreaterThan(1);
    }

    // A second up finds everything running and loads nothing again.
    const again = await a.cli(['up']);
    expect(again.stderr).toContain('✔ nso: netsim 2 device(s) (all running already)');

    const down = await a.cli(['down']);
    expect(down.stdout).toContain('nso: stopped (ncs --stop); netsim ios0, ios1 stopped');
    expect(await processesMentioning(join(a.dir, '.nso-multi'), { inFolder: true })).toEqual([]);
    const after = await status(a);
    expect(after.instances[0]?.netsim?.devices.every((d) => !d.running)).toBe(true);
    // Stopped, the project keeps its ports, the devices' among them.
    expect(await staleLeasesOf([a])).toEqual([]);
  });

  test('the watchdog of up --watch-owner stops the devices with their instance once the owner is gone', async () => {
    const p = first();
    const owner = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      const up = await p.cli(['up', '--watch-owner', String(owner.pid)]);
      expect(up.code, up.stderr).toBe(0);
      const netsim = join(p.dir, '.nso-multi', 'nso', 'netsim');
      expect((await processesMentioning(netsim, { inFolder: true })).length).toBeGreaterThan(1);
      owner.kill('SIGKILL');
      await waitUntil(
        async () => (await processesMentioning(join(p.dir, '.nso-multi'), { inFolder: true })).length === 0,
        60_000,
        500,
      );
      expect(await processesMentioning(join(p.dir, '.nso-multi'), { inFolder: true })).toEqual([]);
    } finally {
      owner.kill('SIGKILL');
    }
  });
});
