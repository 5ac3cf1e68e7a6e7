/**
 * Small aggregate helpers for the evaluation report: mean, nearest-rank percentiles and
 * the pooled ratio. Pure functions over plain number arrays; empty input yields NaN so
 * the report can print "-" instead of inventing a zero.
 */

/**
 * Arithmetic mean of the numbers that are not NaN (NaN marks "not scored", e.g. the
 * clustering of a real-fault scenario); NaN when none is left.
 * @example mean([1, 2, 3]) // 2
 */
export function mean(xs: readonly number[]): number {
  let sum = 0
  let n = 0
  for (const x of xs) {
    if (Number.isNaN(x)) continue
    sum += x
    n++
  }
  return n === 0 ? Number.NaN : sum / n
}

/**
 * Nearest-rank percentile (p in [0, 100]); NaN for an empty list.
 * Nearest-rank rather than interpolation: a p99 over 30 requests should be a latency that
 * actually happened, not a blend of the two slowest.
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN
  const sorted = [...xs].sort((a, b) => a - b)
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length)
  const idx = Math.min(Math.max(rank - 1, 0), sorted.length - 1)
  return sorted[idx] ?? Number.NaN
}

/** Median (nearest rank). */
export function p50(xs: readonly number[]): number {
  return percentile(xs, 50)
}

/** 99th percentile (nearest rank). */
export function p99(xs: readonly number[]): number {
  return percentile(xs, 99)
}

/**
 * Fraction of true flags; NaN for an empty list.
 * @example rate([true, false]) // 0.5
 */
export function rate(flags: readonly boolean[]): number {
  if (flags.length === 0) return Number.NaN
  let hits = 0
  for (const f of flags) if (f) hits++
  return hits / flags.length
}

/** numerator / denominator, NaN when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.NaN : numerator / denominator
}
