// Reads a template and tells which template listeners it enables, for the spec rules on pinned ports
// and on HA modes.
import { readFile } from 'node:fs/promises';
import { type HaModePlaces, haModePlaces } from '../render/ha-mode-places.js';
import { type TemplateListenerFlags, templateListeners } from '../render/template-listeners.js';

// The listeners the template at `file` enables; undefined when it cannot be read or parsed, which the
// template rule reports on its own.
export async function templateListenerFlags(file: string): Promise<TemplateListenerFlags | undefined> {
  try {
    return templateListeners(await readFile(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}

// Where the template at `file` switches rule-based HA and HA Raft on; undefined when it cannot be read or parsed.
export async function templateHaModes(file: string): Promise<HaModePlaces | undefined> {
  try {
    return haModePlaces(await readFile(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}
