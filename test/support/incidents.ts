/**
 * Stored-incident fixtures: a record built through the real builder from a
 * small report, with times and feedback chosen by the test.
 */
import type { Alert, IncidentReport } from '../../src/domain/model.ts'
import { buildIncident } from '../../src/store/incident-build.ts'
import type { IncidentFeedback, StoredIncident } from '../../src/store/incident-record.ts'
import { graphOf, SHOP_EDGES, SHOP_TIERS } from './helpers.ts'

export function reportFor(root: string, services: string[], alertIds: string[], candidates: string[] = [root]): IncidentReport {
  const rc = { service: root, confidence: 0.8, candidates: candidates.map((service, i) => ({ service, score: 1 / (i + 1) })) }
  return {
    clusters: [
      {
        cluster_id: `c-${root}`,
        alert_ids: alertIds,
        services,
        alert_count: alertIds.length,
        start_ts: '2026-06-08T03:14:00Z',
        end_ts: '2026-06-08T03:15:00Z',
        root_cause: rc,
      },
    ],
    root_cause: { ...rc, method: 'graph-explain' },
    recommended_actions: ['look at it'],
    similar_incidents: [],
  }
}

export function storedIncident(
  id: string,
  opts: { updatedMs: number; root?: string; services?: string[]; feedback?: IncidentFeedback; candidates?: string[] },
): StoredIncident {
  const services = opts.services ?? ['checkout', 'payment', 'payment-db']
  const alerts: Alert[] = services.map((s, i) => ({
    id: `${id}-a${i}`,
    ts: 1_780_000_000 + i,
    service: s,
    metric: i === services.length - 1 ? 'conn_pool_used' : 'latency_p99_ms',
    severity: 'warning',
    value: 2,
    threshold: 1,
    labels: {},
  }))
  const root = opts.root ?? services[services.length - 1]!
  const inc = buildIncident({
    id,
    createdAt: new Date(opts.updatedMs).toISOString(),
    updatedAt: new Date(opts.updatedMs).toISOString(),
    report: reportFor(
      root,
      services,
      alerts.map((a) => a.id),
      opts.candidates,
    ),
    alerts,
    graph: graphOf(SHOP_EDGES, SHOP_TIERS),
    settings: { gap_sec: 120, max_hop: 2, rca_method: 'explain' },
  })
  return opts.feedback ? { ...inc, feedback: opts.feedback } : inc
}
