// Summaries of repeated measurements: the median with its spread, and ratios taken round by round.

// The q-quantile (0..1) of numbers by linear interpolation; NaN for an empty list.
export function quantile(values, q) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

// Median, min, max and interquartile range of a list of samples.
export function summarize(values) {
  const finite = values.filter(Number.isFinite);
  return {
    n: finite.length,
    median: quantile(finite, 0.5),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    q1: quantile(finite, 0.25),
    q3: quantile(finite, 0.75),
  };
}

// Element-wise a[i] op b[i] for two equally long per-round sample lists.
export function perRound(a, b, op) {
  return a.map((x, i) => op(x, b[i]));
}

// "123 ms (110–140)": a summary of milliseconds with its min–max.
export function fmtMs(s, digits = 0) {
  if (!Number.isFinite(s.median)) return 'n/a';
  const f = (v) => v.toFixed(digits);
  return `${f(s.median)} ms (${f(s.min)}–${f(s.max)})`;
}

// "1.23× (1.10–1.40)": a summary of ratios with its min–max.
export function fmtRatio(s) {
  if (!Number.isFinite(s.median)) return 'n/a';
  const f = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  return `${f(s.median)}× (${f(s.min)}–${f(s.max)})`;
}

// "12.3 s (11.0–14.1)": a summary of milliseconds shown in seconds.
export function fmtSeconds(s) {
  if (!Number.isFinite(s.median)) return 'n/a';
  const f = (v) => (v / 1000).toFixed(2);
  return `${f(s.median)} s (${f(s.min)}–${f(s.max)})`;
}
