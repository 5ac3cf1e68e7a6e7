/**
 * The request pipeline, phase by phase: normalize → collapse repeats into
 * sources and split them into time segments → correlate and analyse each
 * segment (inline or on the worker pool) → report. Returns per-phase timings
 * for the Server-Timing header, so where the time goes is visible on every
 * response rather than guessed. Pure apart from the injected clock.
 */
import type { Alert, IncidentReport, NormalizedAlert } from '../domain/model.ts'
import { normalizeAlerts } from '../domain/normalize.ts'
import { buildReport, byReportOrder, type ClusterAnalysis } from '../domain/report.ts'
import { segmentsOf } from '../domain/segments.ts'
import type { Source } from '../domain/sources.ts'
import type { Snapshot } from '../graph/store.ts'
import { analyzeSegment, type SegmentOptions } from './analyze.ts'

export type TriageOptions = SegmentOptions

/**
 * Workers already parsing a copy of the request body (pool.ts headStart), so
 * the serial prefix runs on every thread at once instead of being shipped.
 * Opaque to everyone but the pool that made it.
 */
export interface HeadStart {
  /** Drops the workers' copy; a no-op once an analyzer used it. */
  cancel(): void
}

/** Starts a head start on a raw POST /incident body against the live graph, or declines (small body, busy workers). */
export type HeadStarter = (body: string, options: SegmentOptions, snapshot: Snapshot) => HeadStart | undefined

/** Correlates and analyses the time segments of one batch, in any order (triage sorts); inline here, in parallel on the pool elsewhere. */
export type SegmentAnalyzer = (segments: Source[][], alerts: readonly NormalizedAlert[], snapshot: Snapshot, options: SegmentOptions, headStart?: HeadStart) => Promise<ClusterAnalysis[]>

/** Every segment analysed on this thread, in segment order. */
export function analyzeSegments(segments: ReadonlyArray<readonly Source[]>, alerts: readonly NormalizedAlert[], snap: Snapshot, options: SegmentOptions): ClusterAnalysis[] {
  return segments.flatMap((s) => analyzeSegment(s, alerts, snap.graph, snap.history, options))
}

export const analyzeInline: SegmentAnalyzer = async (segments, alerts, snap, options) => analyzeSegments(segments, alerts, snap, options)

export interface TriageResult {
  report: IncidentReport
  /** In report order (largest cluster first), whichever thread analysed them. */
  analyses: ClusterAnalysis[]
  phasesMs: Record<string, number>
}

export async function triage(
  alerts: readonly Alert[],
  snapshot: Snapshot,
  options: TriageOptions,
  method: string,
  analyzer: SegmentAnalyzer = analyzeInline,
  headStart?: HeadStart,
  clock: () => number = () => performance.now(),
): Promise<TriageResult> {
  const t0 = clock()
  const normalized = normalizeAlerts(alerts)
  const t1 = clock()
  const segments = segmentsOf(normalized, options.gapSec)
  const t2 = clock()
  const analyses = (await analyzer(segments, normalized, snapshot, { method: options.method, gapSec: options.gapSec, maxHop: options.maxHop, edgeLabels: options.edgeLabels }, headStart)).sort(byReportOrder)
  const t3 = clock()
  const report = buildReport(analyses, method)
  const t4 = clock()
  return { report, analyses, phasesMs: { normalize: t1 - t0, segment: t2 - t1, rca: t3 - t2, report: t4 - t3 } }
}
