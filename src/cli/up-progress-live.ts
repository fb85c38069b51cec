// The live task list of `up` on a terminal: one listr2 task per instance, fed by the events up-progress.ts
// keeps for it. Loaded only when that list is shown.
import {
  type DefaultRenderer,
  Listr,
  ListrLogger,
  type ListrTask,
  ProcessOutput,
  type VerboseRenderer,
} from 'listr2';
import { isFinal, type PendingTask, showStep, startedTitle } from './up-steps.js';

// Runs the list until every instance's task has ended; resolves, never rejects.
export function runLiveList(
  names: readonly string[],
  pending: ReadonlyMap<string, PendingTask>,
  stderr: NodeJS.WriteStream,
): Promise<unknown> {
  const logger = new ListrLogger({ processOutput: new ProcessOutput(stderr, stderr) });
  const tasks: ListrTask<unknown, typeof DefaultRenderer, typeof VerboseRenderer>[] = names.map((name) => ({
    title: name,
    task: (_ctx, task) =>
      new Promise<void>((resolve, reject) => {
        const entry = pending.get(name);
        if (entry === undefined) return resolve();
        entry.task = task;
        for (const early of entry.buffered) showStep(task, early);
        entry.resolve = (final) => {
          if (final.type === 'started') {
            task.title = startedTitle(final);
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
  }));
  // listr2 still falls back to plain lines when stdout (not stderr) is no terminal: those go to stderr too.
  const list = new Listr<unknown, 'default', 'verbose'>(tasks, {
    concurrent: true,
    exitOnError: false,
    registerSignalListeners: false,
    renderer: 'default',
    rendererOptions: { logger, collapseErrors: false, showErrorMessage: true },
    fallbackRenderer: 'verbose',
    fallbackRendererOptions: { logger },
    fallbackRendererCondition: false,
  });
  return list.run().catch(() => undefined);
}
