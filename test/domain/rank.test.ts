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
    const ev = evidence([
      ...crit('payment-db', 'conn_pool_used', 0),
      ...crit('payment', 'latency_p99_ms', 20, 4),
      ...crit('checkout', 'error_rate', 40, 6),
      ...crit('web', 'latency_p99_ms', 60, 8),
    ])
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

describe('rankByExplanation: own evidence against graph position', () => {
  it('prefers a loud mid-tier service to a faintly alerting service below it', () => {
    // checkout saturates (critical, far past its threshold, repeated); web, its caller, sees latency;
    // payment below it crosses its latency threshold once, barely (an info blip).
    const ev = evidence([
      ...crit('checkout', 'cpu_util', 0),
      ...crit('checkout', 'cpu_util', 30),
      ...crit('web', 'latency_p99_ms', 40),
      ...crit('web', 'latency_p99_ms', 70),
      alert('payment', 'latency_p99_ms', 20, { severity: 'info', value: 1.05, threshold: 1, labels: { pod: 'payment-0' } }),
    ])
    expect(rankByExplanation(ev, graph, () => 0)[0]!.service).toBe('checkout')
  })

  it('still prefers the saturated service below when the loud one above shows only symptoms (its fault explains them)', () => {
    const warn = (service: string, metric: string, t: number) => alert(service, metric, t, { value: 2, threshold: 1, labels: { pod: `${service}-0` } })
    const ev = evidence([
      warn('payment', 'conn_pool_used', 0),
      warn('payment', 'conn_pool_used', 20),
      ...crit('checkout', 'latency_p99_ms', 30, 4),
      ...crit('checkout', 'error_rate', 50, 4),
      ...crit('web', 'latency_p99_ms', 60),
    ])
    expect(rankByExplanation(ev, graph, () => 0)[0]!.service).toBe('payment')
  })

  it('takes a cpu-starved service as the root over a callee alerting at the same time: its own saturation explains its latency', () => {
    // web starves (cpu, repeated) and is slow; search, its callee, crosses its latency threshold too.
    const ev = evidence([
      ...crit('web', 'cpu_util', 0),
      ...crit('web', 'cpu_util', 30),
      ...crit('web', 'latency_p99_ms', 10),
      ...crit('web', 'latency_p99_ms', 40),
      ...crit('search', 'latency_p99_ms', 20),
    ])
    expect(ev.byService.get('web')!.needFromBelow).toBe(0)
    expect(rankByExplanation(ev, graph, () => 0)[0]!.service).toBe('web')
  })

  it('does not let quiet callees that nothing tells apart outvote the one service that alerts', () => {
    // Only api alerts; its four quiet callees would each explain it equally well.
    const fan = graphOf(['gw>api', 'api>a', 'api>b', 'api>c', 'api>d'])
    const ev = summarizeCluster(collapseSources(normalized([...crit('api', 'latency_p99_ms', 0), ...crit('api', 'latency_p99_ms', 30)])), fan)
    const ranked = rankByExplanation(ev, fan, () => 0)
    expect(ranked[0]!.service).toBe('api')
    const silent = ranked.filter((c) => c.silent)
    expect(silent.map((c) => c.service).sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(silent[0]!.score).toBeCloseTo(silent[3]!.score, 9)
  })

  it('keeps a quiet callee first when it alone explains several alerting callers', () => {
    // a and b alert; db is the one quiet service below both, ca and cb each sit below one.
    const shared = graphOf(['web>a', 'web>b', 'a>db', 'b>db', 'a>ca', 'b>cb'])
    const ev = summarizeCluster(collapseSources(normalized([...crit('a', 'latency_p99_ms', 0, 3), ...crit('b', 'latency_p99_ms', 20, 3)])), shared)
    expect(rankByExplanation(ev, shared, () => 0)[0]!.service).toBe('db')
  })

  it('does not let a callee explain away its caller’s own saturation', () => {
    // Both saturate; checkout's cpu is not something payment's fault would cause, so
    // payment no longer wins on coverage alone: checkout is at least a close second.
    const ev = evidence([
      ...crit('payment', 'conn_pool_used', 0),
      ...crit('payment', 'conn_pool_used', 20),
      ...crit('checkout', 'cpu_util', 30),
      ...crit('checkout', 'cpu_util', 50),
      ...crit('web', 'latency_p99_ms', 60),
    ])
    const top2 = rankByExplanation(ev, graph, () => 0)
      .slice(0, 2)
      .map((c) => c.service)
    expect(top2.sort()).toEqual(['checkout', 'payment'])
  })

  it('counts a chronic source less and says so', () => {
    const alerts = [
      ...crit('payment', 'latency_p99_ms', 0),
      ...crit('payment', 'latency_p99_ms', 30),
      ...crit('checkout', 'latency_p99_ms', 40),
      ...crit('checkout', 'latency_p99_ms', 60),
    ]
    const sources = collapseSources(normalized(alerts))
    const chronicFp = sources.find((s) => s.service === 'payment')!.fingerprint
    const plain = rankByExplanation(summarizeCluster(sources, graph), graph, () => 0)
    const discounted = rankByExplanation(summarizeCluster(sources, graph, { discount: (s) => (s.fingerprint === chronicFp ? 0.2 : 1) }), graph, () => 0)
    const p = (r: typeof plain) => r.find((c) => c.service === 'payment')!
    expect(p(discounted).score).toBeLessThan(p(plain).score)
    expect(p(discounted).reasons.join(' ')).toContain('chronic')
  })
})
