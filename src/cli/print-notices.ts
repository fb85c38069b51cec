// Notices go to stderr, one line each, so stdout stays clean for --json and eval.
import type { Notice } from '../api/notice.js';

// Writes each notice as `warning: …` / `note: …`.
export function printNotices(notices: readonly Notice[], stderr: (text: string) => void): void {
  for (const notice of notices)
    stderr(`${notice.level === 'warning' ? 'warning' : 'note'}: ${notice.message}\n`);
}
