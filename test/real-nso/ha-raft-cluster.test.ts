// HA Raft clusters that form on real NSO 6.2.5: one `up` gives a leader and followers that replicate, a stopped
// leader is replaced by an election among the rest, `up` brings the node back as a follower, and two clusters
// of two projects (five nodes and three) run side by side on one host, each formed on its own.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { waitUntil } from '../../src/host/wait-until.js';
import { type StartedCluster, startCluster } from '../../src/testing/start-cluster.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/processes.js';
import { describeNso, NCS_DIR, type NsoProject, nsoEnv, useNsoProject } from './nso.js';

interface Status {
  instances: {
    name: string;
    ports: Record<string, number | null>;
    status: string;
    haRaft?: { cluster: string; role: string | null; leader: string | null };
  }[];
}

const roles = (doc: Status) => Object.fromEntries(doc.instances.map((i) => [i.name, i.haRaft?.role ?? null]));

describeNso('HA Raft clusters on real NSO', () => {
  const project = useNsoProject({
    project: 'raft-lab',
    defaults: { haRaft: { enabled: true } },
    instances: [{ name: 'n1' }, { name: 'n2' }, { name: 'n3' }],
  });
  const status = async (p: NsoProject): Promise<Status> =>
    JSON.parse((await p.cli(['status', '--json'])).stdout);
  const leaderEnv = async (p: NsoProject, name: string) =>
    (await p.shell(`. ./.env.${name} && echo "$NSO_MULTI_HA_RAFT_LEADER"`)).stdout.trim();

  test('one up forms the cluster; the leader replicates, fails over, and comes back as a follower', async () => {
    const p = project();
    const up = await p.cli(['up']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('✔ cluster raft-lab: created; n1 leader, n2 follower, n3 follower');
    expect(roles(await status(p))).toEqual({ n1: 'leader', n2: 'follower', n3: 'follower' });
    expect((await status(p)).instances.map((i) => i.haRaft?.leader)).toEqual(['n1', 'n1', 'n1']);
    expect(await leaderEnv(p, 'n3')).toBe('n1');
    expect((await p.cli(['status'])).stdout).toContain('cluster raft-lab: leader n1; 3 of 3 nodes running');

    // A commit on the leader (found by exec --leader) is read on a follower; the follower refuses writes.
    // `target`: ['--leader', CLUSTER] or [NAME], as exec takes them.
    const setTimeoutOn = (target: string[], seconds: number) =>
      p.cli([
        'exec',
        ...target,
        '--',
        'sh',
        '-c',
        `echo "config; devices global-settings connect-timeout ${seconds}; commit" | ncs_cli -s -C -u admin`,
      ]);
    const commit = await setTimeoutOn(['--leader', 'raft-lab'], 41);
    expect(commit.code, commit.stdout + commit.stderr).toBe(0);
    const read = () =>
      p.cli(['exec', 'n3', '--', 'ncs_cmd', '-c', 'mrtrans; x /devices/global-settings/connect-timeout']);
    let seen = '';
    await waitUntil(
      async () => {
        seen = (await read()).stdout;
        return seen.includes('[41]');
      },
      15_000,
      250,
    );
    expect(seen).toContain('/devices/global-settings/connect-timeout [41]');
    const refused = await setTimeoutOn(['n2'], 42);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('read-only');

    // Stopping the leader: the other two elect one of themselves, and down waits for it and says so.
    const down = await p.cli(['down', 'n1']);
    expect(down.code, down.stderr).toBe(0);
    const said = /note: cluster raft-lab: n1 led it; (n2|n3) leads now \(2 of 3 nodes run\)/.exec(
      down.stderr,
    );
    expect(said, down.stderr).not.toBeNull();
    const next = said![1]!;
    const after = await status(p);
    expect(roles(after)).toEqual({
      n1: null,
      n2: next === 'n2' ? 'leader' : 'follower',
      n3: next === 'n3' ? 'leader' : 'follower',
    });
    expect(after.instances.find((i) => i.name === 'n1')?.status).toBe('stopped');
    expect(await leaderEnv(p, 'n1')).toBe(next);
    const whoLeads = await p.cli([
      'exec',
      '--leader',
      'raft-lab',
      '--',
      'sh',
      '-c',
      'echo "$NSO_MULTI_INSTANCE"',
    ]);
    expect(whoLeads.stdout.trim()).toBe(next);

    // up brings n1 back: it rejoins as a follower of the new leader; nothing is created again.
    const back = await p.cli(['up', 'n1']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).not.toContain('create-cluster');
    expect(back.stderr).toMatch(new RegExp(`✔ cluster raft-lab: ${next} leader, .*n1 follower`));
    expect(roles(await status(p)).n1).toBe('follower');
    // The data written before the failover is on the node that was away.
    expect((await read()).stdout).toContain('[41]');

    // down stops followers first and the leader last, and leaves no daemon.
    const all = await p.cli(['down']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.trim().split('\n').at(-1)).toBe(`${next}: stopped (ncs --stop)`);
    expect(await processesMentioning(join(p.dir, '.nso-multi'))).toEqual([]);
  });
});

describeNso('two HA Raft clusters side by side on real NSO', () => {
  const five = useNsoProject({
    project: 'raft-five',
    defaults: { haRaft: { enabled: true } },
    instances: ['a1', 'a2', 'a3', 'a4', 'a5'].map((name) => ({ name })),
  });
  let three: StartedCluster | undefined;
  afterEach(async () => {
    await three?.stop({ purge: true });
    three = undefined;
  });

  test('a five-node cluster (CLI) and a three-node cluster (startCluster) form at once, each on its own', async () => {
    const p = five();
    const env = nsoEnv();
    const [up, started] = await Promise.all([
      p.cli(['up'], {}, 300_000),
      startCluster({
        spec: {
          project: 'raft-three',
          defaults: { haRaft: { enabled: true } },
          instances: [{ name: 'b1' }, { name: 'b2' }, { name: 'b3' }],
        },
        ncs: join(NCS_DIR, 'bin', 'ncs'),
        env,
        timeoutMs: 240_000,
        watchdog: false,
      }),
    ]);
    three = started;
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain(
      '✔ cluster raft-five: created; a1 leader, a2 follower, a3 follower, a4 follower, a5 follower',
    );

    // startCluster resolved with a leader, and asks the nodes who leads now.
    expect(three.haRaftLeaders).toEqual({ 'raft-three': 'b1' });
    expect((await three.leader()).name).toBe('b1');

    // No port is shared, and each cluster's nodes know only their own cluster's members.
    const doc: Status = JSON.parse((await p.cli(['status', '--json'])).stdout);
    expect(Object.values(roles(doc)).sort()).toEqual([
      'follower',
      'follower',
      'follower',
      'follower',
      'leader',
    ]);
    const ports = [
      ...doc.instances.flatMap((i) => Object.values(i.ports)),
      ...three.instances.flatMap((i) => Object.values(i.ports)),
    ].filter((port): port is number => port !== null);
    expect(new Set(ports).size).toBe(ports.length);
    const members = async (instanceEnv: Record<string, string>) => {
      const shown = await p.shell('ncs_cmd -c "mrtrans; x /ha-raft/status/member"', {
        env: { ...env, ...instanceEnv },
      });
      return [...shown.stdout.matchAll(/\[(.*)\]/g)].map((m) => m[1]!).sort();
    };
    const fiveNodes = (
      await p.shell('for n in a1 a2 a3 a4 a5; do (. ./.env.$n && echo "$NSO_MULTI_HA_RAFT_NODE"); done')
    ).stdout
      .trim()
      .split('\n')
      .sort();
    const threeNodes = three.instances.map((i) => i.haRaft!.node).sort();
    expect(await members(three.instance('b2').env)).toEqual(threeNodes);
    const a3 = (await p.shell('. ./.env.a3 && env | grep -E "^(NCS_IPC_|sname=)"')).stdout;
    const a3Env = Object.fromEntries(
      a3
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(await members(a3Env)).toEqual(fiveNodes);
  }, 360_000);
});

describeNso('an HA Raft node that cannot join, on real NSO', () => {
  const project = useNsoProject({
    project: 'raft-stranger',
    defaults: { haRaft: { enabled: true } },
    instances: [{ name: 'n1' }, { name: 'n2' }, { name: 'n3', template: 'stranger.xml' }],
  });

  test("fails up with NSO's own reason (another certificate authority) and a fix, leaving no daemon", async () => {
    const p = project();
    // n3 brings TLS of its own, from an authority the other two do not trust.
    const made = await p.shell(
      [
        'mkdir other && cd other',
        'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=stranger-ca',
        'openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout node.key -out node.csr -subj /CN=n3',
        'openssl x509 -req -in node.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out node.crt -days 2',
      ].join(' && '),
    );
    expect(made.code, made.stderr).toBe(0);
    const bundled = await readFile(join(REPO_ROOT, 'templates', 'ncs.conf.xml'), 'utf8');
    const own = join(p.dir, 'other');
    const tls = `<ssl><enabled>true</enabled><key-file>${own}/node.key</key-file><cert-file>${own}/node.crt</cert-file><ca-cert-file>${own}/ca.crt</ca-cert-file></ssl>`;
    await writeFile(
      join(p.dir, 'stranger.xml'),
      bundled.replace('</ncs-config>', `  <ha-raft><enabled>true</enabled>${tls}</ha-raft>\n</ncs-config>`),
    );

    const up = await p.cli(['up', '--timeout', '15']);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('nso-multi: cluster raft-stranger: n1 is not connected to n3 after 15 s');
    expect(up.stderr).toMatch(/\| n\d: .*Unknown CA/);
    expect(up.stderr).toContain('the nodes reach each other over TLS on their HA Raft ports');
    expect(up.stderr).toContain('stopped the 3 instance(s) this run had started again');
    expect(await processesMentioning(join(p.dir, '.nso-multi'))).toEqual([]);
  });
});

describeNso('an HA Raft cluster nso-multi cannot ask, on real NSO', () => {
  const project = useNsoProject({
    project: 'raft-wrapped',
    defaults: { haRaft: { enabled: true } },
    instances: [{ name: 'n1' }, { name: 'n2' }],
  });

  test('an ncs run through a wrapper (no ncs_cmd beside it): the nodes start, up says how to form the cluster', async () => {
    const p = project();
    const wrapper = join(REPO_ROOT, 'test', 'fixtures', 'ncs', 'racing-ncs.sh');
    const up = await p.cli(['up', '--ncs', wrapper], { REAL_NCS: join(NCS_DIR, 'bin', 'ncs') });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain(
      '↓ cluster raft-wrapped: cluster raft-wrapped was not formed: nso-multi asks the nodes with ncs_cmd over TCP IPC, which n1 does not offer',
    );
    expect(up.stderr).toMatch(
      /fix: form it by hand: nso-multi exec n1 -- ncs_cli -C -u admin, then ha-raft create-cluster member \[ nso_multi_raft_wrapped_[0-9a-f]{6}_n2@127\.0\.0\.1 \]/,
    );
    const doc = JSON.parse((await p.cli(['status', '--json'])).stdout);
    expect(doc.instances.map((i: { status: string }) => i.status)).toEqual(['running', 'running']);
  });
});
