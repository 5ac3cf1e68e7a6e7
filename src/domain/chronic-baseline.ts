/**
 * Chronic-alert baseline: how often each alert fingerprint fires in the stream
 * of batches this service sees, learnt online. Some alerts fire in a large share
 * of all batches whatever the fault (a latency rule set too tight, a service
 * that is always a bit slow); taken at face value they point at the same
 * service again and again. A fingerprint seen in a share r of recent batches
 * is weighed, as root evidence, by how surprising it still is:
 *   weight = min(1, ln r / ln RARE_SHARE)
 * so an alert rarer than RARE_SHARE counts in full and one that fires in
 * every batch counts for nothing.
 *
 * Decaying: every count halves each `halfLifeMs` of stream time (the batches'
 * own alert times, never the wall clock), so a fixed rule stops being chronic.
 * Bounded: at most `maxFingerprints` entries; past that the least-seen half is
 * dropped (they are the ones closest to "rare" anyway). A fresh baseline, or
 * one that has seen fewer than `minBatches` batches, weighs everything 1, so
 * a new service behaves as if it had no baseline.
 *
 * Pure: state in memory, time passed in explicitly; export()/import() give
 * plain JSON for a store to persist. Truth labels never enter: it counts what
 * fired.
 */

export interface ChronicOptions {
  /** Stream time over which a count halves. */
  halfLifeMs: number
  /** Below this (decayed) number of batches seen, nothing is chronic yet. */
  minBatches: number
  /** A fingerprint firing in fewer than this share of batches counts in full. */
  rareShare: number
  maxFingerprints: number
}

// Half-life one week: long enough to span a weekly cycle of deploys and traffic,
// short enough that a fixed rule stops being discounted within weeks. Ten
// batches before judging: a share over fewer says little (one batch in three is
// 33 % or 0 %). Rare below 10 %: an alert seen in fewer than one batch in ten is
// news. 10 000 fingerprints bound the memory to ~1 MB.
export const CHRONIC_DEFAULTS: ChronicOptions = { halfLifeMs: 7 * 24 * 3600 * 1000, minBatches: 10, rareShare: 0.1, maxFingerprints: 10_000 }

/** Plain JSON state (export/import). */
export interface ChronicState {
  version: 1
  /** Stream time all counts are decayed to. */
  atMs: number
  batches: number
  counts: Record<string, number>
}

// Counts are kept in the units of a reference time: a batch at stream time t
// adds 2^((t − ref) / halfLife) instead of decaying every entry on every batch,
// so observing costs O(fingerprints in the batch). Shares are ratios of two
// such sums, so the scale cancels; it is folded back into the counts (one
// pass) only when the factor grows large.
const RESCALE_AT = 2 ** 40

export class ChronicBaseline {
  private readonly o: ChronicOptions
  private refMs = Number.NaN
  private latestMs = Number.NaN
  private batches = 0
  private counts = new Map<string, number>()

  constructor(options: Partial<ChronicOptions> = {}) {
    this.o = { ...CHRONIC_DEFAULTS, ...options }
  }

  /** Reference units per count at the latest stream time (1 before the first batch). */
  private scale(): number {
    return Number.isNaN(this.refMs) ? 1 : 2 ** ((this.latestMs - this.refMs) / this.o.halfLifeMs)
  }

  /** Weight of a batch at `nowMs` in reference units (an older batch than the latest counts at the latest time: time never runs back). */
  private gain(nowMs: number): number {
    if (Number.isNaN(this.refMs)) this.refMs = this.latestMs = nowMs
    if (nowMs > this.latestMs) this.latestMs = nowMs
    let g = this.scale()
    if (g > RESCALE_AT) {
      for (const [k, v] of this.counts) this.counts.set(k, v / g)
      this.batches /= g
      this.refMs = this.latestMs
      g = 1
    }
    return g
  }

  /** One analysed batch: the distinct fingerprints that fired in it, at stream time `nowMs` (its latest alert). */
  observe(fingerprints: Iterable<string>, nowMs: number): void {
    if (!Number.isFinite(nowMs)) return
    const g = this.gain(nowMs)
    this.batches += g
    for (const fp of new Set(fingerprints)) this.counts.set(fp, (this.counts.get(fp) ?? 0) + g)
    if (this.counts.size > this.o.maxFingerprints) this.prune()
  }

  /** One analysed batch given as its alerts: stream time is the latest alert's. */
  observeBatch(alerts: readonly { fingerprint: string; tsMs: number }[]): void {
    let latest = -Infinity
    for (const a of alerts) if (a.tsMs > latest) latest = a.tsMs
    this.observe(
      alerts.map((a) => a.fingerprint),
      latest,
    )
  }

  /** Keeps the most-seen half: the dropped ones are the closest to "rare" anyway. */
  private prune(): void {
    const keep = Math.floor(this.o.maxFingerprints / 2)
    this.counts = new Map([...this.counts].sort((a, b) => b[1] - a[1]).slice(0, keep))
  }

  /** Batches seen, decayed to the latest stream time. */
  get batchesSeen(): number {
    if (Number.isNaN(this.refMs)) return 0
    return this.batches / this.scale()
  }

  /** Share of batches `fingerprint` fired in (0 when unknown). */
  share(fingerprint: string): number {
    if (this.batches <= 0) return 0
    return Math.min(1, (this.counts.get(fingerprint) ?? 0) / this.batches)
  }

  /** Weight in [0, 1] of this fingerprint as root evidence: 1 unless it is chronic. */
  weight(fingerprint: string): number {
    if (this.batchesSeen < this.o.minBatches) return 1
    const r = this.share(fingerprint)
    if (r <= this.o.rareShare) return 1
    return Math.max(0, Math.min(1, Math.log(r) / Math.log(this.o.rareShare)))
  }

  /** Every tracked fingerprint whose weight is below 1, with its weight: all a reader of weight() needs (empty while nothing is chronic). */
  discounted(): Record<string, number> {
    const out: Record<string, number> = {}
    if (this.batchesSeen < this.o.minBatches) return out
    for (const k of this.counts.keys()) {
      const w = this.weight(k)
      if (w < 1) out[k] = w
    }
    return out
  }

  /** Fingerprints tracked (bounded by maxFingerprints). */
  get size(): number {
    return this.counts.size
  }

  export(): ChronicState {
    const f = this.scale()
    const counts: Record<string, number> = {}
    for (const [k, v] of this.counts) counts[k] = v / f
    return { version: 1, atMs: Number.isNaN(this.latestMs) ? 0 : this.latestMs, batches: this.batches / f, counts }
  }

  /** Replaces the state with a saved one; malformed entries are skipped, never trusted. */
  import(state: ChronicState): void {
    const batches = Number.isFinite(state.batches) && state.batches > 0 ? state.batches : 0
    this.batches = batches
    this.refMs = this.latestMs = batches > 0 && Number.isFinite(state.atMs) ? state.atMs : Number.NaN
    this.counts = new Map()
    for (const [k, v] of Object.entries(state.counts ?? {})) if (typeof v === 'number' && Number.isFinite(v) && v > 0) this.counts.set(k, Math.min(v, batches))
    if (this.counts.size > this.o.maxFingerprints) this.prune()
  }
}
