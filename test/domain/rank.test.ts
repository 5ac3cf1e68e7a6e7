import { describe, expect, it } from 'bun:test'
import { summarizeCluster } from '../../src/domain/cluster-evidence.ts'
import type { Alert } from '../../src/domain/model.ts'
import { rankByExplanation } from '../../src/domain/rank-explain.ts'
import { rankByPageRank } from '../../src/domain/rank-pagerank.ts'
import { collapseSources } from '../../src/domain/sources.ts'
import { alert, graphOf, normalized } from '../support/helpers.ts'

// web → checkout → payment → payment-db; checkout → cart → cache; web → search
const graph = graphOf(['web>checkout', 'checkout>payment', 'payment>payment-db', 'checkout>cart', 'cart>cache', 'web>search'])
const evidence = (alerts: Alert[]) => summarizeCluster(collapseSources(normalized(alerts)), graph)
const crit = (service: string, metric: string, t: number, pods = 1) =>
  Array.from({ length: pods }, (_, i) => alert(service, metric, t + i, { severity: 'critical', value: 3, threshold: 1, labels: { pod: `${service}-${i}` } }))

describe('rankByExplanation', () => {
  it('picks the callee that explains its alerting callers, even when callers raise more alerts', () => {
    const ev = evidence([...crit('payment-db', 'conn_pool_used', 0), ...crit('payment', 'latency_p99_ms', 20, 4), ...crit('checkout', 'error_rate', 40, 6), ...crit('web', 'latency_p99_ms', 60, 8)])
    const ranked = rankByExplanation(ev, graph, () => 0)
    expect(ranked[0]!.service).toBe('payment-db')
    expect(ranked.length).toBeGreaterThanOrEqual(3)
    expect(ranked.reduce((s, c) => s + c.probability, 0)).toBeCloseTo(1, 6)
  })

  it('names a quiet callee whose callers all alert as a candidate (silent root)', () => {
    const ev = evidence([...crit('cart', 'latency_p99_ms', 0), ...crit('checkout', 'latency_p99_ms', 20), ...crit('web', 'error_rate', 40)])
    const names = rankByExplanation(ev, graph, () => 0).map((c) => c.service)
    expect(names.slice(0, 3)).toContain('cache')
  })

  it('prefers a candidate with resource alerts over one with symptoms only', () => {
    const ev = evidence([...crit('payment', 'cpu_util', 0), ...crit('payment-db', 'latency_p99_ms', 5)])
    // payment-db explains payment, but only payment shows resource saturation
    const top = rankByExplanation(ev, graph, () => 0)[0]!
    expect(['payment', 'payment-db']).toContain(top.service)
    expect(top.reasons.join(' ')).toContain('explains')
  })

  it('uses history as a prior to break a tie', () => {
    const ev = evidence([...crit('checkout', 'latency_p99_ms', 0), ...crit('web', 'latency_p99_ms', 20)])
    const plain = rankByExplanation(ev, graph, () => 0)
    const withPrior = rankByExplanation(ev, graph, (s: string) => (s === 'cart' ? 1 : 0))
    expect(withPrior.find((c) => c.service === 'cart')!.probability).toBeGreaterThan(plain.find((c) => c.service === 'cart')!.probability)
  })

  it('returns nothing for a cluster with no service in the graph', () => {
    expect(rankByExplanation(evidence(crit('ghost', 'cpu_util', 0)), graph, () => 0)).toEqual([])
  })
})

describe('rankByPageRank', () => {
  it('ranks the shared downstream service first on a cascade', () => {
    const ev = evidence([...crit('payment-db', 'conn_pool_used', 0), ...crit('payment', 'latency_p99_ms', 20), ...crit('checkout', 'error_rate', 40)])
    expect(rankByPageRank(ev, graph)[0]!.service).toBe('payment-db')
  })

  it('handles a single alerting service without throwing', () => {
    const ranked = rankByPageRank(evidence(crit('search', 'cpu_util', 0)), graph)
    expect(ranked[0]!.service).toBe('search')
  })
})
