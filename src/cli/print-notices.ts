// Notices go to stderr, one line each, so stdout stays clean for --json and eval.
import type { Notice } from '../notice.js';

// A notice channel for operations that report as they go (news about the state file): printed like the rest.
export function noticePrinter(stderr: (text: string) => void): (notice: Notice) => void {
  return (notice) => printNotices([notice], stderr);
}

// Writes each notice as `warning: …` / `note: …`.
export function printNotices(notices: readonly Notice[], stderr: (text: string) => void): void {
  for (const notice of notices)
    stderr(`${notice.level === 'warning' ? 'warning' : 'note'}: ${notice.message}\n`);
}
