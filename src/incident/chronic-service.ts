/**
 * The process's one chronic-alert baseline (domain/chronic-baseline.ts), fed
 * by every answered batch on the main thread. It is keyed by the hashes of
 * the fingerprints, the alert sources every answer already carries
 * (domain/batch-sources.ts), so a batch answered in a worker feeds it without
 * being parsed again. What the ranking reads is the table of discounted
 * fingerprints (chronic-weights.ts), rebuilt at most every `refreshMs`: the
 * workers get it with the shared state, not per request, and all threads rank
 * with the same table until the next one.
 */
import { ChronicBaseline, type ChronicOptions, type ChronicState } from '../domain/chronic-baseline.ts'
import { readSourcesText } from '../domain/batch-sources.ts'
import { chronicView, type ChronicTable } from './chronic-weights.ts'
import type { ChronicView } from './analyze.ts'

export interface ChronicServiceOptions {
  /** Shortest time between two tables; refreshing costs a pass over the tracked fingerprints and a share to every worker. */
  refreshMs: number
  baseline?: Partial<ChronicOptions>
  now?: () => number
}

export class ChronicService {
  private readonly baseline: ChronicBaseline
  private readonly refreshMs: number
  private readonly now: () => number
  private table: ChronicTable = {}
  private view_: ChronicView | undefined
  private builtAt = -Infinity
  private changed = false

  constructor(opts: ChronicServiceOptions) {
    this.baseline = new ChronicBaseline(opts.baseline)
    this.refreshMs = opts.refreshMs
    this.now = opts.now ?? Date.now
  }

  /** An answered batch, as its alert sources text; stream time is the batch's onset (time never runs back in the baseline). */
  observe(sources: string | undefined): void {
    if (sources === undefined) return
    const s = readSourcesText(sources)
    if (!s || s.fingerprints.length === 0) return
    this.baseline.observe(s.fingerprints, s.onsetMs)
    this.changed = true
  }

  /** The table the ranking uses now; the same object until it is rebuilt (offload.ts shares it when it changes). */
  current(): ChronicTable {
    if (this.changed && this.now() - this.builtAt >= this.refreshMs) {
      this.builtAt = this.now()
      this.changed = false
      this.table = this.baseline.discounted()
      this.view_ = chronicView(this.table)
    }
    return this.table
  }

  /** The ranking's view of current(); undefined while nothing is discounted. */
  view(): ChronicView | undefined {
    this.current()
    return this.view_
  }

  /** Fingerprints tracked (bounded). */
  get size(): number {
    return this.baseline.size
  }

  export(): ChronicState {
    return this.baseline.export()
  }

  /** A saved state (the store's, at start); the table is rebuilt on its next read. */
  import(state: ChronicState): void {
    this.baseline.import(state)
    this.changed = true
    this.builtAt = -Infinity
  }
}
