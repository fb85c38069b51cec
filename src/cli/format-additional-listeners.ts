// The table column for additional listeners (the template's extra-listen / ha-primary-listen entries): shown
// only when some instance has them, so other tables look as before.

export const ADDITIONAL_HEADER = 'EXTRA-LISTEN';

/** What a cell needs of an additional listener; `silent` marks one that should listen but does not. */
export interface AdditionalCellEntry {
  port: number;
  silent?: boolean;
}

// True when the column is worth showing.
export function showsAdditional(lists: readonly (readonly unknown[] | undefined)[]): boolean {
  return lists.some((list) => (list?.length ?? 0) > 0);
}

// One instance's cell: its entries' ports in template order, `-` when it has none.
export function additionalCell(entries: readonly AdditionalCellEntry[] | undefined): string {
  if (entries === undefined || entries.length === 0) return '-';
  return entries.map((e) => (e.silent === true ? `${e.port} (not listening)` : String(e.port))).join(',');
}
