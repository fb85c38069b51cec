// Markdown helpers for BENCHMARKS.md: tables and goal verdicts.

// A markdown table from a header row and data rows; `align` holds 'l' or 'r' per column.
export function table(header, rows, align = []) {
  const cell = (v) => String(v ?? '').replaceAll('|', '\\|');
  const rule = header.map((_, i) => (align[i] === 'r' ? '--:' : '---'));
  return [header, rule, ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

// "met" / "**not met**" for a goal check; "n/a" when it could not be measured.
export function verdict(met) {
  if (met === undefined) return 'n/a';
  return met ? 'met' : '**not met**';
}
