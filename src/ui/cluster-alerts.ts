/**
 * A cluster's alerts grouped by service: onset, last firing, count, the
 * metrics and their kind (resource at a broken service, symptom at its
 * callers), worst severity. Both the propagation picture (counts, kinds) and
 * the timeline (onset order) read this one grouping.
 */
import { metricKind, type MetricKind } from '../domain/metric-kind.ts'
import type { Alert, Cluster, Severity } from '../domain/model.ts'
import { parseTs } from '../domain/time.ts'

export interface ServiceAlerts {
  service: string
  count: number
  /** Epoch ms of the first and the last firing; NaN when none of its alerts had a readable time. */
  firstMs: number
  lastMs: number
  /** Distinct metrics in onset order, each with its kind. */
  metrics: Array<{ metric: string; kind: MetricKind }>
  /** resource if any resource metric, else symptom if any, else other. */
  signal: MetricKind
  worst: Severity
  /** Distinct label pairs ("pod=payment-7f9c-1") in first-seen order, at most MAX_LABELS. */
  labels: string[]
  /** Distinct label pairs beyond those. */
  moreLabels: number
}

// Label pairs listed per service: enough to tell pods and regions apart, not a dump of every label.
const MAX_LABELS = 6

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

/** Index of a batch's alerts by id: built once per page, shared by every cluster. */
export function alertsById(alerts: readonly Alert[]): Map<string, Alert> {
  return new Map(alerts.map((a) => [a.id, a]))
}

/**
 * The cluster's alerts per service, earliest onset first (ties by name).
 * @example groupByService(cluster, byId)[0]?.service // the service that alerted first
 */
export function groupByService(cluster: Cluster, byId: ReadonlyMap<string, Alert>): ServiceAlerts[] {
  const groups = new Map<string, { alerts: Array<{ a: Alert; ms: number }> }>()
  for (const id of cluster.alert_ids) {
    const a = byId.get(id)
    if (!a) continue
    const ms = parseTs(a.ts) ?? Number.NaN
    ;(groups.get(a.service) ?? groups.set(a.service, { alerts: [] }).get(a.service)!).alerts.push({ a, ms })
  }
  const out: ServiceAlerts[] = []
  for (const [service, g] of groups) {
    g.alerts.sort((x, y) => (Number.isNaN(x.ms) ? 1 : Number.isNaN(y.ms) ? -1 : x.ms - y.ms))
    const metrics: ServiceAlerts['metrics'] = []
    const seen = new Set<string>()
    const pairs = new Set<string>()
    let worst: Severity = 'info'
    let firstMs = Number.NaN
    let lastMs = Number.NaN
    for (const { a, ms } of g.alerts) {
      if (!seen.has(a.metric)) {
        seen.add(a.metric)
        metrics.push({ metric: a.metric, kind: metricKind(a.metric) })
      }
      for (const k in a.labels ?? {}) pairs.add(`${k}=${a.labels![k]}`)
      if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[worst]) worst = a.severity
      if (!Number.isNaN(ms)) {
        if (Number.isNaN(firstMs) || ms < firstMs) firstMs = ms
        if (Number.isNaN(lastMs) || ms > lastMs) lastMs = ms
      }
    }
    const kinds = new Set(metrics.map((m) => m.kind))
    const signal: MetricKind = kinds.has('resource') ? 'resource' : kinds.has('symptom') ? 'symptom' : 'other'
    const labels = [...pairs]
    out.push({
      service,
      count: g.alerts.length,
      firstMs,
      lastMs,
      metrics,
      signal,
      worst,
      labels: labels.slice(0, MAX_LABELS),
      moreLabels: Math.max(0, labels.length - MAX_LABELS),
    })
  }
  return out.sort((x, y) => order(x.firstMs, y.firstMs) || (x.service < y.service ? -1 : x.service > y.service ? 1 : 0))
}

function order(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1
  if (Number.isNaN(b)) return -1
  return a - b
}
