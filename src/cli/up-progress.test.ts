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

const planned = (names: string[]): UpEvent => ({
  type: 'planned',
  plan: { instances: names.map((name) => ({ name })) } as unknown as Plan,
  notices: [{ message: 'port 1 moved' } as never],
  ncs: 'nso-multi sim',
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
