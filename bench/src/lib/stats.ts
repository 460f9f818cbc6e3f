// Small statistics helpers shared by the benchmarks.

/** The q-quantile (0..1) of sorted values, by linear interpolation; 0 for no values. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const position = (n - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(n - 1, low + 1);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? 0;
  return a + (b - a) * (position - low);
}

/** The median of values (need not be sorted); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return percentile(sorted, 0.5);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, x) => sum + x, 0) / values.length;
}

/** Relative spread of values: (max - min) / median, to show how noisy repeated runs were. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}
