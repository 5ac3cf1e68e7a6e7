import { describe, expect, it } from 'bun:test'
import type { Alert, Cluster } from '../../src/domain/model.ts'
import { alertsById, groupByService } from '../../src/ui/cluster-alerts.ts'
import { COLLAPSED_ALERTING, COLLAPSED_QUIET, propagationView } from '../../src/ui/propagation-view.ts'
import type { IncidentGraph } from '../../src/store/incident-record.ts'

const T0 = 1_790_000_000
const alert = (id: string, service: string, metric: string, t: number): Alert => ({
  id,
  ts: T0 + t,
  service,
  metric,
  severity: 'warning',
  value: 2,
  threshold: 1,
  labels: {},
})

// web → checkout → payment → payment-db; checkout → cart (quiet); payment → fraud (quiet)
const GRAPH: IncidentGraph = {
  nodes: ['web', 'checkout', 'payment', 'payment-db', 'cart', 'fraud'].map((name) => ({ name })),
  edges: [
    { from: 'web', to: 'checkout' },
    { from: 'checkout', to: 'payment' },
    { from: 'payment', to: 'payment-db' },
    { from: 'checkout', to: 'cart' },
    { from: 'payment', to: 'fraud' },
  ],
}
const ALERTS = [
  alert('1', 'payment-db', 'conn_pool_used', 0),
  alert('2', 'payment-db', 'cpu_util', 5),
  alert('3', 'payment', 'latency_p99_ms', 20),
  alert('4', 'checkout', 'error_rate', 40),
  alert('5', 'web', 'error_rate', 60),
]
const CLUSTER: Cluster = {
  cluster_id: 'c-1',
  alert_ids: ALERTS.map((a) => a.id),
  services: ['checkout', 'payment', 'payment-db', 'web'],
  alert_count: 5,
  start_ts: '',
  end_ts: '',
  root_cause: {
    service: 'payment-db',
    confidence: 0.9,
    candidates: [
      { service: 'payment-db', score: 0.9 },
      { service: 'fraud', score: 0.06 },
      { service: 'payment', score: 0.03 },
      { service: 'checkout', score: 0.01 },
    ],
    evidence: { paths: [['payment-db', 'payment', 'checkout', 'web']], reasons: [] },
  },
}
const groups = groupByService(CLUSTER, alertsById(ALERTS))

describe('groupByService', () => {
  it('lists services in onset order with their count and signal kind', () => {
    expect(groups.map((g) => [g.service, g.count, g.signal])).toEqual([
      ['payment-db', 2, 'resource'],
      ['payment', 1, 'symptom'],
      ['checkout', 1, 'symptom'],
      ['web', 1, 'symptom'],
    ])
  })
})

describe('propagationView', () => {
  it('marks the root, the runner-ups and the path edges (caller → callee)', () => {
    const v = propagationView(CLUSTER, groups, GRAPH, new Set())
    const role = (id: string) => v.nodes.find((n) => n.id === id)?.role
    expect(role('payment-db')).toBe('root')
    expect(role('fraud')).toBe('runner-up') // a quiet candidate is kept and marked
    expect(role('payment')).toBe('runner-up')
    expect(role('web')).toBe('alerting')
    expect(
      v.edges
        .filter((e) => e.onPath)
        .map((e) => `${e.from}>${e.to}`)
        .sort(),
    ).toEqual(['checkout>payment', 'payment>payment-db', 'web>checkout'])
    expect(v.nodes.find((n) => n.id === 'payment-db')).toMatchObject({ alerts: 2, signal: 'resource', rank: 1 })
  })

  it('collapses a quiet neighbour that is neither a marked candidate nor on a path', () => {
    const v = propagationView(CLUSTER, groups, GRAPH, new Set())
    expect(v.nodes.find((n) => n.id === COLLAPSED_QUIET)).toMatchObject({ label: '+1 quiet', members: ['cart'] })
    expect(v.serviceCount).toBe(6)
  })

  it('keeps every service on a path and collapses the rest past the budget', () => {
    const many = Array.from({ length: 40 }, (_, i) => `caller-${i}`)
    const alerts = [...ALERTS, ...many.map((s, i) => alert(`m${i}`, s, 'error_rate', 80))]
    const cluster = { ...CLUSTER, alert_ids: alerts.map((a) => a.id), services: [...CLUSTER.services, ...many] }
    const graph = { nodes: [...GRAPH.nodes, ...many.map((name) => ({ name }))], edges: [...GRAPH.edges, ...many.map((s) => ({ from: s, to: 'web' }))] }
    const v = propagationView(cluster, groupByService(cluster, alertsById(alerts)), graph, new Set(), { maxNodes: 12 })
    expect(v.nodes.length).toBeLessThanOrEqual(12)
    for (const s of ['payment-db', 'payment', 'checkout', 'web']) expect(v.nodes.some((n) => n.id === s)).toBe(true)
    const group = v.nodes.find((n) => n.id === COLLAPSED_ALERTING)!
    const shown = v.nodes.filter((n) => !n.members).length
    expect(shown + group.members!.length + 1).toBe(v.serviceCount) // + cart, the quiet group's member
    // A collapsed group has no edges: the picture's lines stay the call graph of what is shown.
    expect(v.edges.some((e) => e.from === COLLAPSED_ALERTING || e.to === COLLAPSED_ALERTING)).toBe(false)
  })

  it('does not pull in services that alert in another cluster of the incident', () => {
    const v = propagationView(CLUSTER, groups, GRAPH, new Set(['cart']))
    expect(v.serviceCount).toBe(5)
    expect(v.nodes.some((n) => n.id === COLLAPSED_QUIET)).toBe(false)
  })

  it('draws a propagation path even when the kept graph lacks its edges', () => {
    const v = propagationView(CLUSTER, groups, { nodes: [], edges: [] }, new Set())
    expect(v.edges.filter((e) => e.onPath)).toHaveLength(3)
  })
})
