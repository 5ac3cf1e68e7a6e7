/**
 * The request pipeline, phase by phase: normalize → correlate → analyze each
 * cluster (inline or on the worker pool) → report. Returns per-phase timings
 * for the Server-Timing header, so where the time goes is visible on every
 * response rather than guessed. Pure apart from the injected clock.
 */
import { correlate } from '../domain/correlate.ts'
import type { Alert, IncidentReport } from '../domain/model.ts'
import { normalizeAlerts } from '../domain/normalize.ts'
import { buildReport, type ClusterAnalysis } from '../domain/report.ts'
import type { AlertGroup } from '../domain/correlate.ts'
import type { Snapshot } from '../graph/store.ts'
import { analyzeCluster, type AnalyzeOptions } from './analyze.ts'

export interface TriageOptions extends AnalyzeOptions {
  maxHop: number
}

/** Analyses the groups of one batch; inline here, in parallel on the pool elsewhere. */
export type ClusterAnalyzer = (groups: AlertGroup[], snapshot: Snapshot, options: AnalyzeOptions) => Promise<ClusterAnalysis[]>

export const analyzeInline: ClusterAnalyzer = async (groups, snap, options) => groups.map((g) => analyzeCluster(g, snap.graph, snap.history, options))

export interface TriageResult {
  report: IncidentReport
  analyses: ClusterAnalysis[]
  phasesMs: Record<string, number>
}

export async function triage(
  alerts: readonly Alert[],
  snapshot: Snapshot,
  options: TriageOptions,
  method: string,
  analyzer: ClusterAnalyzer = analyzeInline,
  clock: () => number = () => performance.now(),
): Promise<TriageResult> {
  const t0 = clock()
  const normalized = normalizeAlerts(alerts)
  const t1 = clock()
  const groups = correlate(normalized, snapshot.graph, { gapSec: options.gapSec, maxHop: options.maxHop })
  const t2 = clock()
  const analyses = await analyzer(groups, snapshot, { method: options.method, gapSec: options.gapSec })
  const t3 = clock()
  const report = buildReport(analyses, method)
  const t4 = clock()
  return { report, analyses, phasesMs: { normalize: t1 - t0, correlate: t2 - t1, rca: t3 - t2, report: t4 - t3 } }
}
