/**
 * The candidate's pipeline run: the same stages as live (normalize, time
 * segments, correlate and rank, report) on the candidate's graph and
 * settings. It gives the thread back to live requests before each time
 * segment, and builds only what is compared (clusters and their ranked roots;
 * no similar incidents or actions).
 */
import type { Alert, IncidentReport } from '../domain/model.ts'
import { normalizeAlerts } from '../domain/normalize.ts'
import { buildReport, byReportOrder } from '../domain/report.ts'
import { segmentsOf } from '../domain/segments.ts'
import type { Snapshot } from '../graph/store.ts'
import { rankSegment } from '../incident/analyze.ts'
import type { PipelineSettings } from '../live-settings.ts'

export type CandidateAnalyzer = (alerts: readonly Alert[], snapshot: Snapshot, settings: PipelineSettings) => Promise<IncidentReport> | IncidentReport

/**
 * The run one time segment at a time, each after `pause()`: a storm of many
 * segments then holds the thread for one segment at a time, and a live
 * request that arrives meanwhile is answered before the next one.
 */
export function analyzeCandidateYielding(pause: () => Promise<void>): CandidateAnalyzer {
  return async (alerts, snapshot, options) => {
    const ctx = { graph: snapshot.graph, history: snapshot.history, options }
    const normalized = normalizeAlerts(alerts)
    const analyses = []
    for (const segment of segmentsOf(normalized, options.gapSec)) {
      await pause()
      for (const r of rankSegment(segment, normalized, ctx)) analyses.push({ cluster: r.cluster, similar: [], actions: [] })
    }
    return buildReport(analyses.sort(byReportOrder), `graph-${options.method}`)
  }
}
