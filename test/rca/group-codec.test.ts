import { describe, expect, it } from 'bun:test'
import { correlate } from '../../src/domain/correlate.ts'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { decodeGroup, encodeGroup } from '../../src/rca/group-codec.ts'
import { alert, graphOf, SHOP_EDGES, SHOP_TIERS } from '../helpers.ts'

describe('rca/group-codec', () => {
  it('rebuilds a group with repeated firings exactly after a JSON round trip', () => {
    const alerts = [
      alert('payment-db', 'conn_pool_used', 0, { severity: 'critical', labels: { pod: 'db-0', zone: 'a' } }),
      alert('payment-db', 'conn_pool_used', 30, { severity: 'warning', value: 7, labels: { zone: 'a', pod: 'db-0' } }),
      alert('payment', 'latency_p99_ms', 20, { ts: '2026-06-08T03:14:22Z' }),
      alert('checkout', 'error_rate', 45, { labels: {} }),
    ]
    const [group] = correlate(normalizeAlerts(alerts), graphOf(SHOP_EDGES, SHOP_TIERS))
    const back = decodeGroup(JSON.parse(JSON.stringify(encodeGroup(group!))))
    expect(back).toEqual(group!)
  })

  it('is smaller on the wire than the plain group', () => {
    const alerts = Array.from({ length: 30 }, (_, i) => alert('payment', 'latency_p99_ms', i * 10))
    const [group] = correlate(normalizeAlerts(alerts), graphOf(SHOP_EDGES, SHOP_TIERS))
    expect(JSON.stringify(encodeGroup(group!)).length).toBeLessThan(JSON.stringify(group).length / 2)
  })
})
