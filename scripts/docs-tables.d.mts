// Types of docs-tables.mjs, for the docs test (TypeScript checks test/, not scripts/).

/** What the tables are made from; scripts/docs-sources.mjs picks it out of the code. */
export interface DocSources {
  commands: Record<string, { usage: string; summary: string }>;
  specSchema: Record<string, unknown>;
  listeners: readonly {
    key: string;
    offset: number | null;
    label: string;
    envVar: string;
    protocol: string;
  }[];
}

export function markdownTable(header: string[], rows: string[][]): string;
export function commandsTable(commands: DocSources['commands']): string;
export function listenersTable(listeners: DocSources['listeners']): string;
export function specKeysTable(schema: DocSources['specSchema']): string;
export function docBlocks(sources: DocSources): Record<string, string>;
export function fillGenerated(text: string, blocks: Record<string, string>): string;
export function markedBlocks(text: string): string[];
