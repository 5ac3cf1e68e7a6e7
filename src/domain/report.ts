/**
 * Assembles the incident report: clusters largest first, the primary
 * cluster's root cause at the top level with the method that answered, and
 * its similar incidents and actions. No cluster → root "unknown", confidence 0.
 */
import type { Cluster, IncidentReport, SimilarIncident } from './model.ts'

export interface ClusterAnalysis {
  cluster: Cluster
  similar: SimilarIncident[]
  actions: string[]
}

/** Largest by alert_count; ties go to the earlier cluster (stable on re-send). */
export function primaryOf(analyses: readonly ClusterAnalysis[]): ClusterAnalysis | undefined {
  let best: ClusterAnalysis | undefined
  for (const a of analyses) {
    if (!best || a.cluster.alert_count > best.cluster.alert_count || (a.cluster.alert_count === best.cluster.alert_count && a.cluster.start_ts < best.cluster.start_ts)) best = a
  }
  return best
}

export function buildReport(analyses: readonly ClusterAnalysis[], method: string): IncidentReport {
  const ordered = [...analyses].sort((a, b) => b.cluster.alert_count - a.cluster.alert_count || a.cluster.start_ts.localeCompare(b.cluster.start_ts))
  const primary = primaryOf(ordered)
  if (!primary) {
    return { clusters: [], root_cause: { service: 'unknown', confidence: 0, method, candidates: [] }, recommended_actions: [], similar_incidents: [] }
  }
  return {
    clusters: ordered.map((a) => a.cluster),
    root_cause: { ...primary.cluster.root_cause, method },
    recommended_actions: primary.actions,
    similar_incidents: primary.similar,
  }
}
