import { describe, expect, it } from 'bun:test'
import { triage } from '../../src/incident/triage.ts'
import { alert, shopSnapshot } from '../support/helpers.ts'

const snapshot = shopSnapshot()
const options = { gapSec: 120, maxHop: 2, method: 'explain' as const }
// Two incidents an hour apart: two clusters, the larger one primary.
const alerts = [
  alert('payment-db', 'conn_pool_used', 0),
  alert('payment', 'latency_p99_ms', 20),
  alert('checkout', 'error_rate', 40),
  alert('cart-cache', 'mem_util', 3600),
  alert('cart', 'latency_p99_ms', 3620),
]

describe('triage', () => {
  const t = triage({ alerts, snapshot, options, method: 'graph-explain' })

  it('builds similar incidents and actions for the primary cluster only, and shows them at the top', () => {
    expect(t.analyses.length).toBe(2)
    const [primary, other] = t.analyses
    expect(primary!.cluster.services).toContain('payment-db')
    expect(primary!.similar.length).toBeGreaterThan(0)
    expect(primary!.actions.length).toBeGreaterThan(0)
    expect(t.report.similar_incidents).toEqual(primary!.similar)
    expect(t.report.recommended_actions).toEqual(primary!.actions)
    expect(other!.similar).toEqual([])
    expect(other!.actions).toEqual([])
  })

  it('details any other cluster on demand, as a full analysis of it would', () => {
    const other = t.analyses[1]!
    const full = t.detail(other)
    expect(full.cluster).toBe(other.cluster)
    expect(full.similar.map((s) => s.root_cause)).toContain('cart-cache')
    expect(full.actions.length).toBeGreaterThan(0)
    expect(t.detail(t.analyses[0]!)).toBe(t.analyses[0]!)
  })
})
