/**
 * The candidate's pipeline run: the same triage as live, on the candidate's
 * graph and settings. The service uses the yielding form, which gives the
 * thread back to live requests between time segments.
 */
import type { Alert, IncidentReport } from '../domain/model.ts'
import type { ClusterAnalysis } from '../domain/report.ts'
import type { Snapshot } from '../graph/store.ts'
import type { PipelineSettings } from '../live-settings.ts'
import { analyzeSegment } from '../rca/analyze.ts'
import { analyzeInline, triage, type SegmentAnalyzer } from '../rca/triage.ts'

/** The candidate's pipeline run: the same triage as live, on the candidate's graph and settings. */
export type CandidateAnalyzer = (alerts: readonly Alert[], snapshot: Snapshot, settings: PipelineSettings) => Promise<IncidentReport> | IncidentReport

/** The run in one go (tests: what live answers). */
export const analyzeCandidate: CandidateAnalyzer = async (alerts, snapshot, settings) =>
  (await triage(alerts, snapshot, settings, `graph-${settings.method}`, analyzeInline)).report

/**
 * The same run, one time segment at a time, each after `pause()`: a storm
 * of many segments then holds the thread for one segment at a time, and a
 * live request that arrives meanwhile is answered before the next one.
 */
export function analyzeCandidateYielding(pause: () => Promise<void>): CandidateAnalyzer {
  const analyzer: SegmentAnalyzer = async (segments, alerts, snap, options) => {
    const out: ClusterAnalysis[] = []
    for (const segment of segments) {
      await pause()
      out.push(...analyzeSegment(segment, alerts, snap.graph, snap.history, options))
    }
    return out
  }
  return async (alerts, snapshot, settings) => (await triage(alerts, snapshot, settings, `graph-${settings.method}`, analyzer)).report
}
