// Reads a template and tells which template-decided listeners it enables, for the spec rule on pinned ports.
import { readFile } from 'node:fs/promises';
import { type ExtraListenerFlags, templateListeners } from '../render/template-listeners.js';

// The listeners the template at `file` enables; undefined when it cannot be read or parsed, which the
// template rule reports on its own.
export async function templateListenerFlags(file: string): Promise<ExtraListenerFlags | undefined> {
  try {
    return templateListeners(await readFile(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}
