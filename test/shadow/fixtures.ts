/**
 * Shadow test fixtures: small hand-built reports for the pure comparison, and
 * a cascade on the shop graph whose explaining edge a candidate can lack.
 */
import type { Alert, Cluster, IncidentReport } from '../../src/domain/model.ts'
import { alert } from '../helpers.ts'

/** A cluster of `ids` whose root ranks `ranked` (root first). */
export function cluster(ids: string[], ranked: string[], confidence = 0.8): Cluster {
  return {
    cluster_id: `c-${ids.join('-')}`,
    alert_ids: ids,
    services: ranked,
    alert_count: ids.length,
    start_ts: '2026-01-01T00:00:00Z',
    end_ts: '2026-01-01T00:01:00Z',
    root_cause: { service: ranked[0]!, confidence, candidates: ranked.map((service, i) => ({ service, score: confidence / (i + 1) })) },
  }
}

/** A report whose clusters are given largest first; the first is primary. */
export function report(...clusters: Cluster[]): IncidentReport {
  const primary = clusters[0]
  return {
    clusters,
    root_cause: primary ? { ...primary.root_cause, method: 'graph-explain' } : { service: 'unknown', confidence: 0, candidates: [], method: 'graph-explain' },
    recommended_actions: [],
    similar_incidents: [],
  }
}

/** payment-db saturates, then its callers slow down: the shop graph's payment → payment-db edge explains it. */
export function paymentCascade(): Alert[] {
  return [
    alert('payment-db', 'conn_pool_used', 0, { severity: 'critical', value: 100, threshold: 90 }),
    alert('payment', 'latency_p99_ms', 20, { value: 900, threshold: 300 }),
    alert('payment', 'error_rate', 25, { value: 0.2, threshold: 0.05 }),
    alert('checkout', 'latency_p99_ms', 35, { value: 1200, threshold: 400 }),
  ]
}

/** cart-cache runs out of memory and cart slows down: nowhere near payment. */
export function cartCascade(): Alert[] {
  return [
    alert('cart-cache', 'mem_util', 0, { severity: 'critical', value: 99, threshold: 90 }),
    alert('cart', 'latency_p99_ms', 20, { value: 800, threshold: 300 }),
  ]
}
