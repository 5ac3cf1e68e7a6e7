import { describe, expect, it } from 'bun:test'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { segmentsOf } from '../../src/domain/segments.ts'
import { analyzeSegment } from '../../src/rca/analyze.ts'
import { decodeSegment, encodeSegment } from '../../src/rca/segment-codec.ts'
import { alert, graphOf, HISTORY, SHOP_EDGES, SHOP_TIERS } from '../support/helpers.ts'

const graph = graphOf(SHOP_EDGES, SHOP_TIERS)
const OPTIONS = { method: 'explain' as const, gapSec: 120, maxHop: 2 }
const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

/** Two incidents an hour apart, the second with repeated firings and label order varying. */
function batch() {
  return normalizeAlerts([
    alert('search', 'error_rate', 0, { severity: 'critical' }),
    alert('payment-db', 'conn_pool_used', 3600, { severity: 'critical', labels: { pod: 'db-0', zone: 'a' } }),
    alert('payment-db', 'conn_pool_used', 3630, { severity: 'warning', value: 7, labels: { zone: 'a', pod: 'db-0' } }),
    alert('payment', 'latency_p99_ms', 3620, { ts: '2026-06-08T03:14:22Z' }),
    alert('checkout', 'error_rate', 3645, { labels: {} }),
  ])
}

describe('rca/segment-codec', () => {
  it('rebuilds a later segment as a self-contained one that analyses exactly the same after a JSON round trip', () => {
    const alerts = batch()
    const segments = segmentsOf(alerts, OPTIONS.gapSec)
    expect(segments.length).toBe(3) // search; the ISO-dated payment alert (another day); the payment-db cascade
    for (const segment of segments) {
      const local = decodeSegment(roundTrip(encodeSegment(segment, alerts)))
      expect(local.alerts.length).toBe(segment.reduce((n, s) => n + s.alertIndexes.length, 0))
      for (const s of local.sources) for (const i of s.alertIndexes) expect(local.alerts[i]!.fingerprint).toBe(s.fingerprint)
      expect(analyzeSegment(local.sources, local.alerts, graph, HISTORY, OPTIONS)).toEqual(analyzeSegment(segment, alerts, graph, HISTORY, OPTIONS))
    }
  })

  it('is smaller on the wire than the sources and alerts it stands for', () => {
    const alerts = normalizeAlerts(Array.from({ length: 30 }, (_, i) => alert('payment', 'latency_p99_ms', i * 10)))
    const [segment] = segmentsOf(alerts, OPTIONS.gapSec)
    expect(JSON.stringify(encodeSegment(segment!, alerts)).length).toBeLessThan(JSON.stringify({ segment, alerts }).length / 2)
  })
})
