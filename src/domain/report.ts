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

/**
 * Order of two formatTs() strings. Same length means same shape (both whole
 * seconds or both with milliseconds), where text order is time order; a
 * mixed pair is parsed ("…22Z" sorts after "…22.500Z" as text).
 */
function compareTs(x: string, y: string): number {
  if (x.length === y.length) return x < y ? -1 : x > y ? 1 : 0
  return Date.parse(x) - Date.parse(y)
}

/** Largest by alert_count; ties go to the earlier cluster (stable on re-send). */
export function primaryOf(analyses: readonly ClusterAnalysis[]): ClusterAnalysis | undefined {
  let best: ClusterAnalysis | undefined
  for (const a of analyses) {
    if (
      !best ||
      a.cluster.alert_count > best.cluster.alert_count ||
      (a.cluster.alert_count === best.cluster.alert_count && compareTs(a.cluster.start_ts, best.cluster.start_ts) < 0)
    )
      best = a
  }
  return best
}

/** Largest first; ties by start, then by id, so the order never depends on which thread finished first. */
export function byReportOrder(a: ClusterAnalysis, b: ClusterAnalysis): number {
  const x = a.cluster
  const y = b.cluster
  return y.alert_count - x.alert_count || compareTs(x.start_ts, y.start_ts) || (x.cluster_id < y.cluster_id ? -1 : x.cluster_id > y.cluster_id ? 1 : 0)
}

function isOrdered(analyses: readonly ClusterAnalysis[]): boolean {
  for (let i = 1; i < analyses.length; i++) if (byReportOrder(analyses[i - 1]!, analyses[i]!) > 0) return false
  return true
}

export function buildReport(analyses: readonly ClusterAnalysis[], method: string): IncidentReport {
  // The pipeline hands them over in this order already; checking costs one comparison a cluster, sorting again many.
  const ordered = isOrdered(analyses) ? analyses : [...analyses].sort(byReportOrder)
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
