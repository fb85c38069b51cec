// The progress display of `up`, driven by up's events, always on stderr: a live listr2 task list on a
// terminal, one plain line per event in CI or a pipe, nothing but warnings with --json. listr2 is loaded only
// for the live list: the line output is a few writes, and most `up` runs (CI, scripts, tests) use it.
import type { UpEvent } from '../project/up-events.js';
import { printNotices } from './print-notices.js';
import {
  describeStep,
  type FinalEvent,
  haRaftLine,
  isFinal,
  lsaLine,
  netsimLine,
  type PendingTask,
  showStep,
  startedTitle,
} from './up-steps.js';

export type ProgressMode = 'live' | 'lines' | 'silent';

export interface UpProgress {
  onEvent: (event: UpEvent) => void;
  /** Waits until the display has shown every instance's end; call after up() settled. */
  finish: () => Promise<void>;
}

// Chooses the display from the terminal and CI, as listr2 alone would not (it looks at stdout only).
export function progressMode(json: boolean, isTTY: boolean, env: NodeJS.ProcessEnv): ProgressMode {
  if (json) return 'silent';
  return isTTY && !env.CI && env.TERM !== 'dumb' ? 'live' : 'lines';
}

// Creates the display; it starts on up's `planned` event.
export function createUpProgress(
  mode: ProgressMode,
  stderr: NodeJS.WriteStream = process.stderr,
): UpProgress {
  return mode === 'live' ? liveProgress(stderr) : lineProgress(mode === 'lines', stderr);
}

// The marks listr2's verbose renderer uses, so the line output reads the same as it did with listr2.
const MARK = { open: '❯', step: '›', done: '✔', skipped: '↓', failed: '✖' } as const;

function finalLine(event: FinalEvent): string {
  switch (event.type) {
    case 'started':
      return `${MARK.done} ${startedTitle(event)}`;
    case 'already-running':
      return `${MARK.skipped} ${event.instance}: already running (pid ${event.pid})`;
    case 'skipped':
      return `${MARK.skipped} ${event.instance}: ${event.reason}`;
    case 'failed':
      return `${MARK.failed} ${event.instance}: ${event.reason}`;
  }
}

function writeNotices(event: Extract<UpEvent, { type: 'planned' }>, stderr: NodeJS.WriteStream): void {
  printNotices(event.notices, (text) => stderr.write(text));
}

// One line per event (or, silent, only the warnings); each line names its instance.
function lineProgress(lines: boolean, stderr: NodeJS.WriteStream): UpProgress {
  const open = new Set<string>();
  const say = (line: string) => {
    if (lines) stderr.write(`${line}\n`);
  };
  return {
    onEvent(event) {
      if (event.type === 'planned') {
        writeNotices(event, stderr);
        for (const name of event.instances) {
          open.add(name);
          say(`${MARK.open} ${name}`);
        }
        return;
      }
      const raft = haRaftLine(event, MARK) ?? netsimLine(event, MARK) ?? lsaLine(event, MARK);
      if (raft !== undefined) {
        // The simulator's note is a warning: shown with --json too.
        if (lines || event.type === 'ha-raft-simulated') stderr.write(`${raft}\n`);
        return;
      }
      if (!('instance' in event)) return;
      if (!open.has(event.instance)) {
        // Rollback happens after every instance has ended.
        if (event.type === 'stopped') say(`${event.instance}: stopped again (${event.how})`);
        return;
      }
      const step = describeStep(event);
      if (step !== undefined) say(`${MARK.step} ${event.instance}: ${step}`);
      if (isFinal(event)) {
        open.delete(event.instance);
        say(finalLine(event));
      }
    },
    async finish() {
      for (const name of open) say(`${MARK.skipped} ${name}: not started`);
      open.clear();
    },
  };
}

// The live task list: events are kept per instance until listr2 (loaded on `planned`) runs its task.
function liveProgress(stderr: NodeJS.WriteStream): UpProgress {
  const entries = new Map<string, PendingTask>();
  let run: Promise<unknown> | undefined;
  const end = (entry: PendingTask, final: FinalEvent) => {
    entry.ended = true;
    if (entry.task) entry.resolve(final);
    else entry.buffered.push(final);
  };
  const onEvent = (event: UpEvent) => {
    if (event.type === 'planned') {
      writeNotices(event, stderr);
      const names = event.instances;
      for (const name of names) entries.set(name, { resolve: () => {}, buffered: [], ended: false });
      run = import('./up-progress-live.js')
        .then(({ runLiveList }) => runLiveList(names, entries, stderr))
        .catch(() => undefined);
      return;
    }
    const raft = haRaftLine(event, MARK) ?? netsimLine(event, MARK) ?? lsaLine(event, MARK);
    if (raft !== undefined) {
      // After the starts, once the task list has ended.
      const done = run ?? Promise.resolve();
      run = done.then(() => stderr.write(`${raft}\n`));
      return;
    }
    if (!('instance' in event)) return;
    const entry = entries.get(event.instance);
    if (entry === undefined || entry.ended) {
      // Rollback happens after the list ended: plain lines.
      if (event.type === 'stopped') stderr.write(`${event.instance}: stopped again (${event.how})\n`);
      return;
    }
    if (isFinal(event)) end(entry, event);
    else if (entry.task === undefined) entry.buffered.push(event);
    else showStep(entry.task, event);
  };
  return {
    onEvent,
    async finish() {
      for (const [name, entry] of entries) {
        if (!entry.ended) end(entry, { type: 'skipped', instance: name, reason: 'not started' });
      }
      await run;
    },
  };
}
