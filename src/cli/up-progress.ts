// The progress display of `up`: a listr2 task per instance, driven by up's events. A live list on a
// terminal, one plain line per event in CI or a pipe, nothing with --json; always on stderr.
import {
  type DefaultRenderer,
  Listr,
  ListrLogger,
  type ListrTask,
  ProcessOutput,
  type VerboseRenderer,
} from 'listr2';
import type { UpEvent } from '../run/up-events.js';

type Mode = 'live' | 'lines' | 'silent';

/** The part of a listr2 task wrapper this display uses. */
interface TaskHandle {
  title: string;
  output: string;
  skip(message?: string): void;
}

interface Pending {
  resolve: (final: FinalEvent) => void;
  task?: TaskHandle;
  buffered: UpEvent[];
}

type FinalEvent = Extract<UpEvent, { type: 'started' | 'failed' | 'skipped' | 'already-running' }>;

const isFinal = (e: UpEvent): e is FinalEvent =>
  e.type === 'started' || e.type === 'failed' || e.type === 'skipped' || e.type === 'already-running';

export interface UpProgress {
  onEvent: (event: UpEvent) => void;
  /** Waits until the display has shown every instance's end; call after up() settled. */
  finish: () => Promise<void>;
}

// Chooses the display from the terminal and CI, as listr2 alone would not (it looks at stdout only).
export function progressMode(json: boolean, isTTY: boolean, env: NodeJS.ProcessEnv): Mode {
  if (json) return 'silent';
  return isTTY && !env.CI && env.TERM !== 'dumb' ? 'live' : 'lines';
}

// Creates the display; it starts on up's `planned` event.
export function createUpProgress(mode: Mode, stderr: NodeJS.WriteStream = process.stderr): UpProgress {
  const pending = new Map<string, Pending>();
  let run: Promise<unknown> | undefined;
  const output = new ProcessOutput(stderr, stderr);
  const logger = new ListrLogger({ processOutput: output });

  const describe = (event: UpEvent): string | undefined => {
    switch (event.type) {
      case 'starting':
        return event.attempt > 1 ? `starting again (attempt ${event.attempt})` : 'starting';
      case 'spawned':
        return `pid ${event.pid}, waiting until ready`;
      case 'retrying':
        return [event.reason, ...event.notices.map((n) => n.message)].join('; ');
      default:
        return undefined;
    }
  };

  const show = (entry: Pending, event: UpEvent) => {
    const text = describe(event);
    if (text === undefined || !entry.task || !('instance' in event)) return;
    // A line of its own (CI, pipes) must say which instance it is about; the live list shows it under the task.
    entry.task.output = mode === 'live' ? text : `${event.instance}: ${text}`;
  };

  const onEvent = (event: UpEvent) => {
    if (event.type === 'planned') {
      for (const notice of event.notices) stderr.write(`warning: ${notice.message}\n`);
      const names = event.plan.instances.map((i) => i.name);
      for (const name of names) pending.set(name, { resolve: () => {}, buffered: [] });
      if (mode === 'silent') return;
      const tasks: ListrTask<unknown, typeof DefaultRenderer, typeof VerboseRenderer>[] = names.map(
        (name) => ({
          title: name,
          task: (_ctx, task) =>
            new Promise<void>((resolve, reject) => {
              const entry = pending.get(name)!;
              entry.task = task;
              for (const early of entry.buffered) show(entry, early);
              entry.resolve = (final) => {
                if (final.type === 'started') {
                  task.title = `${name}: started (pid ${final.pid}, ${(final.ms / 1000).toFixed(1)} s)`;
                  resolve();
                } else if (final.type === 'already-running') {
                  task.skip(`${name}: already running (pid ${final.pid})`);
                  resolve();
                } else if (final.type === 'skipped') {
                  task.skip(`${name}: ${final.reason}`);
                  resolve();
                } else reject(new Error(`${name}: ${final.reason}`));
              };
              const done = entry.buffered.find(isFinal);
              if (done) entry.resolve(done);
            }),
        }),
      );
      const list = new Listr<unknown, 'default', 'verbose'>(tasks, {
        concurrent: true,
        exitOnError: false,
        registerSignalListeners: false,
        renderer: 'default',
        rendererOptions: { logger, collapseErrors: false, showErrorMessage: true },
        fallbackRenderer: 'verbose',
        fallbackRendererOptions: { logger },
        fallbackRendererCondition: mode !== 'live',
      });
      run = list.run().catch(() => undefined);
      return;
    }
    if (!('instance' in event)) return;
    const entry = pending.get(event.instance);
    if (entry === undefined) {
      // Rollback happens after the list ended: plain lines.
      if (mode !== 'silent' && event.type === 'stopped')
        stderr.write(`${event.instance}: stopped again (${event.how})\n`);
      return;
    }
    if (entry.task === undefined) entry.buffered.push(event);
    else show(entry, event);
    if (isFinal(event)) {
      pending.delete(event.instance);
      if (entry.task) entry.resolve(event);
      else entry.buffered.push(event);
    }
  };

  return {
    onEvent,
    async finish() {
      for (const [name, entry] of pending) {
        const final: FinalEvent = { type: 'skipped', instance: name, reason: 'not started' };
        if (entry.task) entry.resolve(final);
        else entry.buffered.push(final);
      }
      pending.clear();
      await run;
    },
  };
}
