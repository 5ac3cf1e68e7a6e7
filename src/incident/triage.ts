/**
 * The pipeline, phase by phase: normalize → collapse repeats into sources and
 * split them into time segments → correlate and rank each segment → report.
 * Similar incidents and actions are built for the primary cluster only (the
 * one the report shows them for); `detail` builds them for any other cluster
 * a later stage shows (the LLM's). Returns per-phase timings for the
 * Server-Timing header. Pure apart from the injected clock.
 */
import type { Alert, IncidentReport, NormalizedAlert } from '../domain/model.ts'
import { normalizeAlerts } from '../domain/normalize.ts'
import { buildReport, byReportOrder, type ClusterAnalysis } from '../domain/report.ts'
import { segmentsOf } from '../domain/segments.ts'
import type { Snapshot } from '../graph/store.ts'
import type { TriageOptions } from '../settings.ts'
import { detail, rankSegment, type ChronicView, type RankedCluster } from './analyze.ts'

export interface TriageInput {
  alerts: readonly Alert[]
  snapshot: Snapshot
  options: TriageOptions
  /** The report's `method` (which path answered). */
  method: string
  clock?: () => number
  /** A chronic-alert baseline's view (a baseline, or chronic-weights.ts's table); absent = every source counts in full. */
  chronic?: ChronicView
}

export interface TriageResult {
  report: IncidentReport
  /** In report order (largest cluster first); only the primary (the first) carries similar incidents and actions. */
  analyses: ClusterAnalysis[]
  /** One of `analyses` with its similar incidents and actions. */
  detail(a: ClusterAnalysis): ClusterAnalysis
  phasesMs: Record<string, number>
  /** The batch's alerts as normalised (fingerprints, epoch ms). */
  normalized: readonly NormalizedAlert[]
}

const bare = (r: RankedCluster): ClusterAnalysis => ({ cluster: r.cluster, similar: [], actions: [] })

export function triage({ alerts, snapshot, options, method, clock = () => performance.now(), chronic }: TriageInput): TriageResult {
  const { graph, history } = snapshot
  const t0 = clock()
  const normalized = normalizeAlerts(alerts)
  const t1 = clock()
  const segments = segmentsOf(normalized, options.gapSec)
  const t2 = clock()
  const ranked = segments.flatMap((s) => rankSegment(s, normalized, chronic ? { graph, history, options, chronic } : { graph, history, options }))
  const byAnalysis = new Map<ClusterAnalysis, RankedCluster>()
  const analyses = ranked.map((r) => {
    const a = bare(r)
    byAnalysis.set(a, r)
    return a
  })
  analyses.sort(byReportOrder)
  if (analyses.length > 0) analyses[0] = detail(byAnalysis.get(analyses[0]!)!, history)
  const t3 = clock()
  const report = buildReport(analyses, method)
  const t4 = clock()
  const detailOf = (a: ClusterAnalysis) => {
    const r = byAnalysis.get(a)
    return r ? detail(r, history) : a // the primary, or one built already
  }
  return { report, analyses, detail: detailOf, phasesMs: { normalize: t1 - t0, segment: t2 - t1, rca: t3 - t2, report: t4 - t3 }, normalized }
}
