/**
 * ShadowTally: the running report of one candidate, what GET /admin/shadow
 * shows. It counts comparisons and skips, agreement rates, each side's mean
 * confidence, the latest disagreements, and, when an operator confirmed the
 * true root, how often each side had it first or in its top 3: agreement
 * says the two differ, the truth says which one is right. Plain state, no
 * clock: the caller passes the time of each comparison.
 */
import type { Comparison, SideSummary } from './compare.ts'

/** Enough recent cases to read a pattern, few enough to read them all. */
export const KEPT_DISAGREEMENTS = 20

export type DisagreementKind = 'root_cause' | 'top3' | 'clusters'
export type SkipReason = 'queue_full' | 'failed' | 'no_graph'
export type Score = 'top1' | 'top3' | 'miss'

export interface Disagreement {
  at: string
  what: DisagreementKind[]
  live: SideSummary
  candidate: SideSummary
  cluster_agreement: number
  /** Where the comparison came from: live traffic or a stored incident's id (replay). */
  source: string
  truth?: string
}

export interface Truth {
  root: string
  live: Score
  candidate: Score
}

interface Hits {
  top1: number
  top3: number
}

const ratio = (k: number, n: number) => (n === 0 ? null : Math.round((k / n) * 10_000) / 10_000)

/** The kinds of disagreement in one comparison, in a fixed order. */
export function disagreementsOf(c: Comparison): DisagreementKind[] {
  const what: DisagreementKind[] = []
  if (!c.rootAgrees) what.push('root_cause')
  if (!c.top3Agrees) what.push('top3')
  if (c.clusterAgreement < 1) what.push('clusters')
  return what
}

export class ShadowTally {
  private compared = 0
  private readonly skipped: Record<SkipReason, number> = { queue_full: 0, failed: 0, no_graph: 0 }
  private notSampled = 0
  private rootAgreements = 0
  private top3Agreements = 0
  private clusterAgreementSum = 0
  private liveConfidenceSum = 0
  private candidateConfidenceSum = 0
  private scored = 0
  private readonly liveHits: Hits = { top1: 0, top3: 0 }
  private readonly candidateHits: Hits = { top1: 0, top3: 0 }
  private readonly recent: Disagreement[] = []

  /** Adds one comparison; returns its kinds of disagreement (empty when the two agree). */
  record(c: Comparison, at: string, source: string, truth?: Truth): DisagreementKind[] {
    this.compared++
    if (c.rootAgrees) this.rootAgreements++
    if (c.top3Agrees) this.top3Agreements++
    this.clusterAgreementSum += c.clusterAgreement
    this.liveConfidenceSum += c.live.confidence
    this.candidateConfidenceSum += c.candidate.confidence
    if (truth) {
      this.scored++
      count(this.liveHits, truth.live)
      count(this.candidateHits, truth.candidate)
    }
    const what = disagreementsOf(c)
    if (what.length > 0) {
      this.recent.unshift({
        at,
        what,
        live: c.live,
        candidate: c.candidate,
        cluster_agreement: round(c.clusterAgreement),
        source,
        ...(truth ? { truth: truth.root } : {}),
      })
      if (this.recent.length > KEPT_DISAGREEMENTS) this.recent.pop()
    }
    return what
  }

  skip(reason: SkipReason): void {
    this.skipped[reason]++
  }

  /** A request the sample left out: neither compared nor skipped. */
  unsampled(): void {
    this.notSampled++
  }

  toJSON() {
    const n = this.compared
    const hits = (h: Hits) => ({ top1: ratio(h.top1, this.scored), top3: ratio(h.top1 + h.top3, this.scored) })
    const skippedTotal = Object.values(this.skipped).reduce((a, b) => a + b, 0)
    return {
      compared: n,
      skipped: { total: skippedTotal, ...this.skipped },
      not_sampled: this.notSampled,
      agreement: { root_cause: ratio(this.rootAgreements, n), top3: ratio(this.top3Agreements, n), clusters: ratio(this.clusterAgreementSum, n) },
      mean_confidence: { live: ratio(this.liveConfidenceSum, n), candidate: ratio(this.candidateConfidenceSum, n) },
      // Only comparisons whose true root an operator confirmed; top3 counts a top-1 hit too.
      truth: this.scored === 0 ? null : { scored: this.scored, live: hits(this.liveHits), candidate: hits(this.candidateHits) },
      disagreements: [...this.recent],
    }
  }
}

const round = (x: number) => Math.round(x * 10_000) / 10_000

function count(h: Hits, s: Score): void {
  if (s === 'top1') h.top1++
  else if (s === 'top3') h.top3++
}
