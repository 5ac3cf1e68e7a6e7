import { describe, expect, it } from 'bun:test'
import type { Cluster } from '../../src/domain/model.ts'
import { buildPrompt } from '../../src/llm/prompt.ts'
import { alert, graphOf, SHOP_EDGES, SHOP_TIERS } from '../support/helpers.ts'

const graph = graphOf(SHOP_EDGES, SHOP_TIERS)
const alerts = [
  alert('payment', 'latency_p99_ms', 20),
  alert('payment-db', 'conn_pool_used', 0, { severity: 'critical', value: 99, threshold: 90 }),
  alert('payment', 'latency_p99_ms', 30),
  alert('checkout', 'error_rate', 45),
]
const cluster: Cluster = {
  cluster_id: 'c-1',
  alert_ids: alerts.map((a) => a.id),
  services: ['checkout', 'payment', 'payment-db'],
  alert_count: 4,
  start_ts: 'x',
  end_ts: 'y',
  root_cause: {
    service: 'payment-db',
    confidence: 0.8,
    candidates: [
      { service: 'payment-db', score: 0.8 },
      { service: 'payment', score: 0.15 },
      { service: 'dns', score: 0.05 },
    ],
    evidence: { paths: [['payment-db', 'payment', 'checkout']], reasons: ['resource alert on the deepest service'] },
  },
}
const similar = [{ id: 'INC-1', similarity: 0.7, root_cause: 'payment-db', title: 'pool exhausted' }]

describe('buildPrompt', () => {
  const p = buildPrompt({ cluster, alerts, graph, similar })

  it('summarises alerts per service and metric in onset order with offsets from the first alert', () => {
    const lines = p.user.split('\n').filter((l) => l.startsWith('- +'))
    expect(lines).toEqual([
      '- +0s payment-db (db) conn_pool_used: 1 alert(s), max critical, peak 1.1x threshold',
      '- +20s payment (service) latency_p99_ms: 2 alert(s), max warning, peak 2x threshold',
      '- +45s checkout (service) error_rate: 1 alert(s), max warning, peak 2x threshold',
    ])
    expect(p.user).toContain('Onset order of services: payment-db, payment, checkout')
  })

  it('gives the graph neighbourhood, ranked candidates with reasons, and similar incidents', () => {
    expect(p.user).toContain('- checkout -> payment')
    expect(p.user).toContain('- web -> checkout')
    expect(p.user).toContain('1. payment-db (db) 0.8')
    expect(p.user).toContain('- resource alert on the deepest service')
    expect(p.user).toContain('- payment-db <- payment <- checkout')
    expect(p.user).toContain('INC-1 (similarity 0.7): root payment-db; pool exhausted')
  })

  it('allows exactly the candidates and the alerting services', () => {
    expect(p.allowed).toEqual(['checkout', 'dns', 'payment', 'payment-db'])
    expect(p.user).toContain('Allowed root_cause values: checkout, dns, payment, payment-db')
  })

  it('is the same text when the same alerts come again later in another order', () => {
    const shifted = [...alerts].reverse().map((a) => ({ ...a, ts: (a.ts as number) + 86_400 }))
    expect(buildPrompt({ cluster, alerts: shifted, graph, similar }).user).toBe(p.user)
  })

  it('caps the alert lines of a huge cluster', () => {
    const many = Array.from({ length: 500 }, (_, i) => alert(`svc-${i}`, 'cpu_util', i))
    const big = { ...cluster, alert_ids: many.map((a) => a.id) }
    const text = buildPrompt({ cluster: big, alerts: many, graph, similar }).user
    expect(text.split('\n').filter((l) => l.startsWith('- +')).length).toBe(40)
    expect(text).toContain('... 460 more')
  })
})
