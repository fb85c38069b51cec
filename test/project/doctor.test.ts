import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEphemeralRange } from '../../src/host/ephemeral-range.js';
import { isAlive } from '../../src/host/process-identity.js';
import { openLeaseRegistry } from '../../src/leases/lease-registry.js';
import { doctor } from '../../src/project/doctor/doctor.js';
import type { DoctorCheck, DoctorReport } from '../../src/project/doctor/doctor-report.js';
import { checkOpenssl } from '../../src/project/doctor/openssl-check.js';
import { checkXsltproc } from '../../src/project/doctor/xsltproc-check.js';
import { render } from '../../src/project/render.js';
import { openStateStore } from '../../src/state/state-store.js';

const IDS = [
  'spec',
  'ncs',
  'NCS_DIR',
  'ephemeral-range',
  'folders',
  'leases',
  'state',
  'secrets',
  'processes',
];
const SIM_ENV = { ...process.env, NCS_DIR: '' };

let dir: string;
let leaseDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nso-multi-doctor-'));
  leaseDir = join(dir, 'leases');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function spec(base: number, instances = '  - name: one\n  - name: two\n', extra = ''): string {
  return `project: lab\nlayout: { base: ${base}, stride: 10 }\n${extra}instances:\n${instances}`;
}

async function project(text: string, rendered = true): Promise<void> {
  await writeFile(join(dir, 'nso-multi.yaml'), text);
  if (rendered) await render({ cwd: dir, leaseDir, nsoVersion: '6.2' });
}

function check(report: DoctorReport, id: string): DoctorCheck {
  const found = report.checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no check ${id} in ${JSON.stringify(report)}`);
  return found;
}

// The pid of a process that has exited and been reaped: a pid nothing runs under any more.
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'exit 0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(child.pid as number));
  });
}

const run = (env: NodeJS.ProcessEnv = SIM_ENV) => doctor({ cwd: dir, ncs: 'sim', leaseDir, env });

describe('doctor', () => {
  it('finds everything ok on a freshly rendered project run with the simulator', async () => {
    await project(spec(29000));
    const report = await run();
    expect(report.checks.map((c) => c.id)).toEqual(IDS);
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(check(report, 'ncs').detail).toMatch(/^nso-multi sim \(\d+\.\d+/);
    expect(check(report, 'secrets').detail).toContain('2 secret files');
  });

  it('checks openssl, which makes the HA Raft certificates, only for a project with HA Raft on', async () => {
    await project(spec(29050, '  - name: one\n  - name: two\n', 'defaults: { haRaft: { enabled: true } }\n'));
    const report = await run();
    expect(report.checks.map((c) => c.id)).toEqual([...IDS, 'openssl']);
    expect(check(report, 'openssl')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^OpenSSL .*\(for the HA Raft certificates of one, two\)$/),
    });
    const missing = await checkOpenssl(['one'], join(dir, 'no-openssl'));
    expect(missing).toEqual({
      status: 'fail',
      detail: `${join(dir, 'no-openssl')} is not installed; HA Raft is on for one`,
      fix: expect.stringContaining('apt-get install openssl'),
    });
  });

  it('checks xsltproc, which ncs-netsim needs to give NSO the devices, only for a project with netsim', async () => {
    await mkdir(join(dir, 'ned', 'netsim'), { recursive: true });
    await writeFile(join(dir, 'ned', 'package-meta-data.xml'), '<ncs-package/>\n');
    const netsim = '    netsim: [{ ned: ./ned, count: 1, prefix: d }]\n';
    await project(spec(29650, `  - name: one\n${netsim}  - name: two\n`), false);
    const report = await run();
    expect(report.checks.map((c) => c.id)).toEqual([...IDS, 'xsltproc']);
    expect(check(report, 'xsltproc')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^Using libxml .*\(for the netsim devices of one\)$/),
    });
    const missing = await checkXsltproc(['one'], join(dir, 'no-xsltproc'));
    expect(missing).toEqual({
      status: 'fail',
      detail: `${join(dir, 'no-xsltproc')} is not installed; netsim devices in one`,
      fix: expect.stringContaining('apt-get install xsltproc'),
    });
  });

  it('fails a secret file whose mode is not the one the spec asks, with a chmod fix', async () => {
    await project(spec(29100));
    const secret = join(dir, '.nso-multi', 'two', 'ipc_access');
    await chmod(secret, 0o644);
    const report = await run();
    expect(report.ok).toBe(false);
    expect(check(report, 'secrets')).toEqual({
      id: 'secrets',
      title: 'secret files',
      status: 'fail',
      detail: `two: ${secret} has mode 0644, the spec asks mode 0400`,
      fix: `chmod 0400 ${secret}`,
    });
  });

  it('fails a secret file that is a symlink or missing, never following the link', async () => {
    await project(spec(29150));
    const one = join(dir, '.nso-multi', 'one', 'ipc_access');
    const two = join(dir, '.nso-multi', 'two', 'ipc_access');
    await rm(one);
    await rm(two);
    const { symlink } = await import('node:fs/promises');
    await symlink(join(dir, 'elsewhere'), two);
    const secrets = check(await run(), 'secrets');
    expect(secrets.status).toBe('fail');
    expect(secrets.detail).toBe(`one: ${one} is missing\ntwo: ${two} is a symlink`);
    expect(secrets.fix).toContain(`rm -f ${two} && \`nso-multi render\``);
  });

  it('fails a pinned port inside the host ephemeral range, naming instance, listener and port', async () => {
    const { low } = await readEphemeralRange();
    await project(spec(29200, `  - name: one\n    ports: { cliSsh: ${low + 5} }\n`), false);
    const report = await run();
    expect(report.ok).toBe(false);
    const range = check(report, 'ephemeral-range');
    expect(range.status).toBe('fail');
    expect(range.detail).toContain(`one/cliSsh/${low + 5}`);
    expect(range.fix).toContain(`pin a port below ${low}`);
  });

  it('warns when the layout blocks reach into the ephemeral range', async () => {
    const { low } = await readEphemeralRange();
    await project(spec(low - 15, '  - name: one\n'), false);
    const range = check(await run(), 'ephemeral-range');
    expect(range.status).toBe('warn');
    expect(range.detail).toContain(`${low - 5}–${low + 4} reach into it`);
    expect(range.fix).toContain(`set layout.base to ${low - 20} or lower`);
  });

  it('fails an instance recorded as running whose daemon is gone, saying how to fix the record', async () => {
    await project(spec(29300));
    const pid = await deadPid();
    expect(await isAlive({ pid })).toBe(false);
    const store = await openStateStore(join(dir, '.nso-multi', 'state.json'));
    await store.update((doc) => {
      doc.instances.one!.runtime = {
        status: 'running',
        pid,
        startedAt: new Date().toISOString(),
        ncs: { file: process.execPath, args: [], sim: true, display: 'nso-multi sim' },
      };
    });
    const report = await run();
    expect(report.ok).toBe(false);
    const processes = check(report, 'processes');
    expect(processes.status).toBe('fail');
    expect(processes.detail).toContain(`one (pid ${pid}, recorded running)`);
    expect(processes.detail).not.toContain('two');
    expect(processes.fix).toContain('`nso-multi up`');
    expect(processes.fix).toContain('`nso-multi down`');
  });

  it('warns about a stale lease (owner dead, project gone) and points at gc', async () => {
    await project(spec(29400));
    const pid = await deadPid();
    const gone = join(dir, 'deleted-project', '.nso-multi', 'state.json');
    await openLeaseRegistry(leaseDir).update(async (leases) => ({
      leases: [
        ...leases,
        { port: 29499, project: gone, instance: 'old', key: 'ipc', owner: { pid }, since: '2024-01-01' },
      ],
      result: undefined,
    }));
    const report = await run();
    expect(report.ok).toBe(true);
    const leases = check(report, 'leases');
    expect(leases.status).toBe('warn');
    // The render's own leases hold (their owner is this test process); only the planted one is stale.
    expect(leases.detail).toMatch(/^\d+ leases in .*leases\.json, 1 stale: 29499 \(old\/ipc of /);
    expect(leases.fix).toBe('`nso-multi gc` frees them');
  });

  it('fails the ncs check with the ncsrc/--sim hint when there is no ncs, and still runs the rest', async () => {
    await project(spec(29500));
    const report = await doctor({ cwd: dir, leaseDir, env: { PATH: '/usr/bin:/bin', NCS_DIR: '' } });
    expect(report.ok).toBe(false);
    const ncs = check(report, 'ncs');
    expect(ncs.status).toBe('fail');
    expect(ncs.fix).toContain('source $NCS_DIR/ncsrc');
    expect(ncs.fix).toContain('--sim');
    expect(check(report, 'NCS_DIR').status).toBe('warn');
    expect(check(report, 'secrets').status).toBe('ok');
    expect(report.checks.map((c) => c.id)).toEqual(IDS);
  });

  it('fails NCS_DIR pointing at a folder without bin/ncs', async () => {
    await project(spec(29550), false);
    const report = await doctor({ cwd: dir, leaseDir, env: { PATH: '/usr/bin:/bin', NCS_DIR: dir } });
    expect(check(report, 'NCS_DIR')).toMatchObject({
      status: 'fail',
      detail: `${dir} has no executable bin/ncs`,
    });
  });

  it('skips the project checks with the reason when there is no spec, and still runs the host checks', async () => {
    const report = await run();
    const byStatus = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(byStatus).toEqual({
      spec: 'skip',
      ncs: 'ok',
      NCS_DIR: 'ok',
      'ephemeral-range': 'ok',
      folders: 'skip',
      leases: 'ok',
      state: 'skip',
      secrets: 'skip',
      processes: 'skip',
    });
    expect(check(report, 'spec').detail).toContain('no nso-multi spec found');
    expect(check(report, 'folders').detail).toBe('no spec found');
    expect(report.ok).toBe(true);
  });

  it('fails the spec check listing each problem with its position', async () => {
    const pins = '  - name: one\n    ports: { ipc: 29601 }\n  - name: two\n    ports: { ipc: 29601 }\n';
    await project(spec(29600, pins), false);
    const report = await run();
    const specCheck = check(report, 'spec');
    expect(specCheck.status).toBe('fail');
    expect(specCheck.detail).toMatch(
      /^1 problem in nso-multi\.yaml\n {2}nso-multi\.yaml:\d+:\d+: instances\.1\.ports\.ipc: port 29601 is already pinned/,
    );
    expect(specCheck.fix).toBeDefined();
    expect(check(report, 'secrets')).toMatchObject({
      status: 'skip',
      detail: 'the spec cannot be used (see spec)',
    });
    expect(report.ok).toBe(false);
  });

  it('fails a workdir that cannot be created because a file stands in its way', async () => {
    await writeFile(join(dir, 'blocker'), '');
    await project(spec(29700, '  - name: one\n', 'workdir: blocker/run\n'), false);
    const folders = check(await run(), 'folders');
    expect(folders.status).toBe('fail');
    expect(folders.detail).toBe(
      `workdir ${join(dir, 'blocker', 'run')}: ${join(dir, 'blocker')} is not a folder`,
    );
    expect(folders.fix).toContain('set `workdir` in the spec');
  });
});
