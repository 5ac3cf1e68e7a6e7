/**
 * Per-service evidence inside one cluster: what each alerting service raised
 * (resource vs symptom sources), when it started, how hard it fired. Both
 * rankers and the report read this summary instead of raw alerts, so repeated
 * firings and many-pod callers count once per source.
 */
import { metricKind } from './metric-kind.ts'
import type { ServiceGraph } from './service-graph.ts'
import { severityRank, type Source } from './sources.ts'

export interface ServiceEvidence {
  service: string
  inGraph: boolean
  sources: number
  alerts: number
  resourceSources: number
  symptomSources: number
  metrics: string[]
  onsetMs: number
  /** 0 info, 1 warning, 2 critical. */
  maxSeverity: number
  peakRatio: number
}

export interface ClusterEvidence {
  byService: Map<string, ServiceEvidence>
  startMs: number
  endMs: number
}

export function summarizeCluster(sources: readonly Source[], graph: ServiceGraph): ClusterEvidence {
  const byService = new Map<string, ServiceEvidence>()
  let startMs = Infinity
  let endMs = -Infinity
  for (const s of sources) {
    startMs = Math.min(startMs, s.onsetMs)
    endMs = Math.max(endMs, s.lastMs)
    let e = byService.get(s.service)
    if (!e) {
      e = {
        service: s.service,
        inGraph: graph.tiers.has(s.service),
        sources: 0,
        alerts: 0,
        resourceSources: 0,
        symptomSources: 0,
        metrics: [],
        onsetMs: s.onsetMs,
        maxSeverity: 0,
        peakRatio: 1,
      }
      byService.set(s.service, e)
    }
    e.sources++
    e.alerts += s.count
    const kind = metricKind(s.metric)
    if (kind === 'resource') e.resourceSources++
    else if (kind === 'symptom') e.symptomSources++
    if (!e.metrics.includes(s.metric)) e.metrics.push(s.metric)
    e.onsetMs = Math.min(e.onsetMs, s.onsetMs)
    e.maxSeverity = Math.max(e.maxSeverity, severityRank(s.severity))
    e.peakRatio = Math.max(e.peakRatio, s.peakRatio)
  }
  return { byService, startMs, endMs }
}
