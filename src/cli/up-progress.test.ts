// The line display of `up` (CI, pipes) and the silent one (--json): what each prints for up's events.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../model.js';
import type { UpEvent } from '../project/up-events.js';
import { createUpProgress, progressMode } from './up-progress.js';

function capture(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let text = '';
  const stream = {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

const planned = (names: string[], starts = names): UpEvent => ({
  type: 'planned',
  plan: { instances: names.map((name) => ({ name })) } as unknown as Plan,
  notices: [{ level: 'warning', message: 'port 1 moved' }],
  ncs: 'nso-multi sim',
  instances: starts,
});

const run: UpEvent[] = [
  planned(['a', 'b', 'c']),
  { type: 'already-running', instance: 'c', pid: 7 },
  { type: 'starting', instance: 'a', attempt: 1 },
  { type: 'spawned', instance: 'a', pid: 41 },
  { type: 'started', instance: 'a', pid: 41, ms: 640 },
  { type: 'starting', instance: 'b', attempt: 1 },
  { type: 'failed', instance: 'b', reason: 'exit 21: bad configuration file', log: [] },
  { type: 'stopping', instance: 'a', reason: 'another instance failed' },
  { type: 'stopped', instance: 'a', how: 'ncs --stop' },
];

describe('the up progress display without a terminal', () => {
  it('prints one line per step, each naming its instance, and the rollback after them', async () => {
    const out = capture();
    const progress = createUpProgress('lines', out.stream);
    for (const event of run) progress.onEvent(event);
    await progress.finish();
    expect(out.lines()).toEqual([
      'warning: port 1 moved',
      '❯ a',
      '❯ b',
      '❯ c',
      '↓ c: already running (pid 7)',
      '› a: starting',
      '› a: pid 41, waiting until ready',
      '✔ a: started (pid 41, 0.6 s)',
      '› b: starting',
      '✖ b: exit 21: bad configuration file',
      'a: stopped again (ncs --stop)',
    ]);
  });

  it('ends the instances that got no final event as not started', async () => {
    const out = capture();
    const progress = createUpProgress('lines', out.stream);
    progress.onEvent(planned(['a']));
    await progress.finish();
    expect(out.lines()).toEqual(['warning: port 1 moved', '❯ a', '↓ a: not started']);
  });

  it('lists only the instances the run starts, not the rest of the plan', async () => {
    const out = capture();
    const progress = createUpProgress('lines', out.stream);
    progress.onEvent(planned(['a', 'b', 'c'], ['b']));
    progress.onEvent({ type: 'started', instance: 'b', pid: 5, ms: 100 });
    await progress.finish();
    expect(out.lines()).toEqual(['warning: port 1 moved', '❯ b', '✔ b: started (pid 5, 0.1 s)']);
  });

  it('reports HA Raft clusters after the starts: created, waiting with the fix, failed with the hint', async () => {
    const out = capture();
    const progress = createUpProgress('lines', out.stream);
    progress.onEvent(planned(['n1', 'n2', 'n3']));
    progress.onEvent({ type: 'ha-raft-forming', cluster: 'lab', what: 'ha-raft create-cluster on n1' });
    progress.onEvent({
      type: 'ha-raft',
      outcome: {
        cluster: 'lab',
        result: 'formed',
        leader: 'n1',
        created: true,
        roles: [
          { instance: 'n1', role: 'leader' },
          { instance: 'n2', role: 'follower' },
          { instance: 'n3', role: null },
        ],
      },
    });
    progress.onEvent({
      type: 'ha-raft',
      outcome: { cluster: 'b', result: 'waiting', reason: 'not yet', hint: 'start x', roles: [] },
    });
    progress.onEvent({
      type: 'ha-raft',
      outcome: { cluster: 'c', result: 'failed', reason: 'no leader', hint: 'see raft.log', roles: [] },
    });
    expect(out.lines().slice(4)).toEqual([
      '› cluster lab: ha-raft create-cluster on n1',
      '✔ cluster lab: created; n1 leader, n2 follower, n3 not running',
      '↓ cluster b: not yet',
      '  fix: start x',
      '✖ cluster c: no leader',
      '  hint: see raft.log',
    ]);
  });

  it('warns with --json too that the simulator forms no HA Raft cluster', async () => {
    const out = capture();
    const progress = createUpProgress('silent', out.stream);
    progress.onEvent(planned(['n1']));
    progress.onEvent({ type: 'ha-raft-simulated', clusters: ['lab'] });
    expect(out.lines()).toEqual([
      'warning: port 1 moved',
      'warning: the simulator has no HA Raft: cluster lab not formed (its nodes run)',
    ]);
  });

  it('prints only the warnings with --json', async () => {
    const out = capture();
    const progress = createUpProgress('silent', out.stream);
    for (const event of run) progress.onEvent(event);
    await progress.finish();
    expect(out.lines()).toEqual(['warning: port 1 moved']);
  });

  it('shows the live list only on a terminal outside CI', () => {
    expect(progressMode(false, true, {})).toBe('live');
    expect(progressMode(false, true, { CI: 'true' })).toBe('lines');
    expect(progressMode(false, false, {})).toBe('lines');
    expect(progressMode(true, true, {})).toBe('silent');
  });
});
