import { describe, expect, it } from 'bun:test'
import { summarizeCluster } from '../../src/domain/cluster-evidence.ts'
import { correlate } from '../../src/domain/correlate.ts'
import { EDGE_LABELS_DEFAULT_SPEC, edgeOf, parseEdgeLabels } from '../../src/domain/edge-labels.ts'
import { rankByExplanation } from '../../src/domain/rank-explain.ts'
import { collapseSources } from '../../src/domain/sources.ts'
import { alert, graphOf, normalized } from '../support/helpers.ts'

// web calls cart, search and ads; cart → cache
const graph = graphOf(['web>cart', 'web>search', 'web>ads', 'cart>cache', 'checkout>cart'])
const twice = (service: string, metric: string, t: number, labels: Record<string, string>, value = 3) => [
  alert(service, metric, t, { value, threshold: 1, labels }),
  alert(service, metric, t + 30, { value, threshold: 1, labels }),
]

describe('edgeOf', () => {
  it('reads both ends from client/server, Istio and Linkerd labels, and the callee alone from peer.service', () => {
    expect(edgeOf('web', { client: 'web', server: 'cart' })).toEqual({ caller: 'web', callee: 'cart' })
    expect(edgeOf('web', { source_workload: 'web', destination_workload: 'cart' })).toEqual({ caller: 'web', callee: 'cart' })
    expect(edgeOf('web', { dst_deployment: 'cart' })).toEqual({ caller: 'web', callee: 'cart' })
    expect(edgeOf('web', { 'peer.service': 'cart' })).toEqual({ caller: 'web', callee: 'cart' })
    expect(edgeOf('web', { pod: 'web-0' })).toBeUndefined()
    expect(edgeOf('web', { client: 'web', server: 'web' })).toBeUndefined()
  })

  it('takes other label names from its options', () => {
    expect(edgeOf('web', { upstream: 'cart' }, { pairs: [{ callee: 'upstream' }] })).toEqual({ caller: 'web', callee: 'cart' })
    expect(edgeOf('web', { server: 'cart' }, { pairs: [{ callee: 'upstream' }] })).toBeUndefined()
  })
})

describe('parseEdgeLabels', () => {
  it('reads caller:callee pairs and lone callee labels, dots allowed', () => {
    expect(parseEdgeLabels('client:server,peer.service')).toEqual({ pairs: [{ caller: 'client', callee: 'server' }, { callee: 'peer.service' }] })
    expect(parseEdgeLabels(EDGE_LABELS_DEFAULT_SPEC).pairs).toHaveLength(5)
  })

  it('refuses an empty entry or a triple, naming the value', () => {
    expect(() => parseEdgeLabels('client:server,,x')).toThrow('client:server,,x')
    expect(() => parseEdgeLabels('a:b:c')).toThrow('a:b:c')
  })
})

describe('edge evidence in the ranking', () => {
  it('points at a silent callee named by its callers edge alerts and names the edge in the reasons', () => {
    // web's own latency, plus web's calls to cart slow: cart raises nothing itself.
    const alerts = [...twice('web', 'latency_p99_ms', 0, { pod: 'web-0' }, 1.3), ...twice('web', 'latency_p99_ms', 5, { client: 'web', server: 'cart' }, 8)]
    const ev = summarizeCluster(collapseSources(normalized(alerts)), graph)
    expect(ev.edgeIn.get('cart')?.callers).toEqual(['web'])
    // The edge alert is web's view of cart: not web's own evidence.
    expect(ev.byService.get('web')!.symptomSources).toBe(1)
    const ranked = rankByExplanation(ev, graph, () => 0)
    expect(ranked[0]!.service).toBe('cart')
    expect(ranked[0]!.reasons.join(' ')).toContain('web → cart')
  })

  it('without the edge alert the same batch does not single out cart among web’s quiet callees', () => {
    const ev = summarizeCluster(collapseSources(normalized(twice('web', 'latency_p99_ms', 0, { pod: 'web-0' }, 1.3))), graph)
    const ranked = rankByExplanation(ev, graph, () => 0)
    expect(ranked[0]!.service).not.toBe('cart')
  })

  it('keeps an edge alert in its incident: correlated with the caller, the callee a candidate', () => {
    const alerts = [
      ...twice('web', 'latency_p99_ms', 0, { pod: 'web-0' }),
      ...twice('web', 'latency_p99_ms', 10, { client: 'web', server: 'cart' }),
      ...twice('checkout', 'error_rate', 20, { pod: 'checkout-0' }),
    ]
    const groups = correlate(normalized(alerts), graph)
    expect(groups).toHaveLength(1)
    const ranked = rankByExplanation(summarizeCluster(groups[0]!.sources, graph), graph, () => 0)
    expect(ranked.map((c) => c.service)).toContain('cart')
    expect(ranked[0]!.service).toBe('cart')
  })

  it('counts a cpu-starved caller’s edge alerts less: its own queueing slows its calls', () => {
    const edge = twice('web', 'latency_p99_ms', 5, { client: 'web', server: 'cart' }, 8)
    const calm = summarizeCluster(collapseSources(normalized(edge)), graph)
    const starved = summarizeCluster(collapseSources(normalized([...twice('web', 'cpu_util', 0, { pod: 'web-0' }), ...edge])), graph)
    expect(calm.edgeIn.get('cart')!.weight).toBe(1)
    expect(starved.edgeIn.get('cart')!.weight).toBe(0)
    expect(rankByExplanation(starved, graph, () => 0)[0]!.service).toBe('web')
  })

  it('takes a service reporting slow calls to its callee as a victim: the silent callee it names comes first', () => {
    // cart is slow and web sees slow calls to cart; cart itself sees slow calls to cache, which raises nothing.
    const alerts = [
      ...twice('cart', 'latency_p99_ms', 0, { pod: 'cart-0' }),
      ...twice('cart', 'latency_p99_ms', 5, { client: 'cart', server: 'cache' }),
      ...twice('web', 'latency_p99_ms', 10, { client: 'web', server: 'cart' }),
    ]
    const ev = summarizeCluster(collapseSources(normalized(alerts)), graph)
    expect(ev.byService.get('cart')!.edgeOutWeight).toBe(1)
    const ranked = rankByExplanation(ev, graph, () => 0)
    expect(ranked.slice(0, 2).map((c) => c.service)).toEqual(['cache', 'cart'])
  })

  it('where calls are watched (edge alerts present), a silent callee no edge alert names is only a runner-up', () => {
    const alerts = [...twice('web', 'latency_p99_ms', 0, { pod: 'web-0' }), ...twice('web', 'latency_p99_ms', 5, { client: 'web', server: 'search' })]
    const names = rankByExplanation(summarizeCluster(collapseSources(normalized(alerts)), graph), graph, () => 0).map((c) => c.service)
    expect(names[0]).toBe('search')
    expect(names.indexOf('cart')).toBeGreaterThan(names.indexOf('web'))
  })
})
