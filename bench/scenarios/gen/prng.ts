/**
 * Seeded randomness for the scenario generator: mulberry32 (a tiny 32-bit PRNG with good
 * enough statistics for test data) wrapped in an Rng class with the draws the generator
 * needs. Every random choice goes through here, so one seed reproduces every file.
 */

/**
 * mulberry32: returns a generator of floats in [0, 1).
 * @example const next = mulberry32(42); next() // same value on every run
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * FNV-1a hash of the parts, for deriving independent sub-seeds: scenario 7 of topology 2
 * stays the same even if topology 1 draws a different number of values.
 */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5
  for (const ch of parts.join('\u0001')) {
    h ^= ch.charCodeAt(0)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export class Rng {
  private readonly draw: () => number

  constructor(seed: number) {
    this.draw = mulberry32(seed)
  }

  /** Float in [0, 1). */
  next(): number {
    return this.draw()
  }

  /** Float in [lo, hi). */
  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.draw()
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.draw() * (hi - lo + 1))
  }

  /** Integer in [lo, hi] whose logarithm is uniform: small values as common as large ranges. */
  logInt(lo: number, hi: number): number {
    const v = Math.exp(this.float(Math.log(lo), Math.log(hi + 1)))
    return Math.min(hi, Math.max(lo, Math.floor(v)))
  }

  chance(p: number): boolean {
    return this.draw() < p
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Rng.pick from an empty list')
    return xs[Math.floor(this.draw() * xs.length)] as T
  }

  /** Pick by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0)
    let r = this.draw() * total
    for (const [item, w] of items) {
      r -= w
      if (r < 0) return item
    }
    const last = items[items.length - 1]
    if (last === undefined) throw new Error('Rng.weighted from an empty list')
    return last[0]
  }

  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.draw() * (i + 1))
      const t = xs[i] as T
      xs[i] = xs[j] as T
      xs[j] = t
    }
    return xs
  }

  /** k distinct elements (fewer if the list is shorter), in random order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    return this.shuffle([...xs]).slice(0, Math.max(0, k))
  }

  /** n lowercase hex characters. */
  hex(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += Math.floor(this.draw() * 16).toString(16)
    return s
  }

  /** n characters from [a-z0-9], like a Kubernetes pod suffix. */
  alnum(n: number): string {
    const abc = 'abcdefghijklmnopqrstuvwxyz0123456789'
    let s = ''
    for (let i = 0; i < n; i++) s += abc[Math.floor(this.draw() * abc.length)] ?? 'x'
    return s
  }
}
