// Types of docs-sources.mjs, for the docs test (TypeScript checks test/, not scripts/).
import type { DocSources } from './docs-tables.mjs';

export const DOC_SOURCES: Record<'commands' | 'specJsonSchema' | 'listeners', { file: string; name: string }>;
export function pickSources(modules: Record<string, Record<string, unknown>>): DocSources;
export function loadDocSources(root: string): Promise<DocSources>;
export function listDocFiles(root: string): Promise<string[]>;
