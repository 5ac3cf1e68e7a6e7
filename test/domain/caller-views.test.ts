import { describe, expect, it } from 'bun:test'
import { callerViews, viewSiblings } from '../../src/domain/caller-views.ts'
import { summarizeCluster } from '../../src/domain/cluster-evidence.ts'
import { correlate } from '../../src/domain/correlate.ts'
import type { Alert } from '../../src/domain/model.ts'
import { rankByExplanation } from '../../src/domain/rank-explain.ts'
import { collapseSources } from '../../src/domain/sources.ts'
import { alert, graphOf, normalized } from '../support/helpers.ts'

// site calls search (which calls store and blob) and lb, a leaf: the caller-side view of a call, as tracing maps draw it.
const graph = graphOf(['site>search', 'site>lb', 'client>search', 'list>search', 'search>store', 'search>blob'])
const twice = (service: string, metric: string, t: number, value = 3) => [
  alert(service, metric, t, { value, threshold: 1, labels: { pod: `${service}-0` } }),
  alert(service, metric, t + 60, { value, threshold: 1, labels: { pod: `${service}-0` } }),
]
const evidence = (alerts: Alert[]) => summarizeCluster(collapseSources(normalized(alerts)), graph)

describe('caller-side views', () => {
  it('takes an alerting leaf as a view of the sibling its callers also call, when both raise the same metric at the same time', () => {
    const ev = evidence([...twice('search', 'latency_p99_ms', 0), ...twice('lb', 'latency_p99_ms', 0), ...twice('site', 'latency_p99_ms', 10, 1.3)])
    const inGraph = new Map([...ev.byService].filter(([, e]) => e.inGraph))
    expect(callerViews(graph, inGraph, 60_000)).toEqual(new Map([['lb', 'search']]))
  })

  it('names the sibling with graph evidence of its own, and says why', () => {
    const ev = evidence([...twice('search', 'latency_p99_ms', 0), ...twice('lb', 'latency_p99_ms', 0), ...twice('site', 'latency_p99_ms', 10, 1.3)])
    const ranked = rankByExplanation(ev, graph, () => 0)
    expect(ranked[0]!.service).toBe('search')
    expect(ranked[0]!.reasons.join(' ')).toContain('alerts like lb')
    expect(ranked.reduce((s, c) => s + c.probability, 0)).toBeCloseTo(1, 6)
  })

  it('leaves them apart when the metrics differ or the onsets are far apart', () => {
    const inGraph = (alerts: Alert[]) => new Map([...evidence(alerts).byService].filter(([, e]) => e.inGraph))
    expect(callerViews(graph, inGraph([...twice('search', 'cpu_util', 0), ...twice('lb', 'latency_p99_ms', 0)]), 60_000).size).toBe(0)
    expect(callerViews(graph, inGraph([...twice('search', 'latency_p99_ms', 0), ...twice('lb', 'latency_p99_ms', 600)]), 60_000).size).toBe(0)
  })

  it('never takes a service with callees of its own as a view', () => {
    // search has callees: alerting with lb's metric does not make it lb's view.
    const ev = evidence([...twice('search', 'latency_p99_ms', 0), ...twice('lb', 'latency_p99_ms', 0)])
    const views = callerViews(graph, new Map([...ev.byService].filter(([, e]) => e.inGraph)), 60_000)
    expect(views.has('search')).toBe(false)
  })

  it('correlation puts a leaf and the sibling it is a view of in one incident, though siblings alone never link', () => {
    const groups = correlate(normalized([...twice('search', 'latency_p99_ms', 0), ...twice('lb', 'latency_p99_ms', 0)]), graph)
    expect(groups).toHaveLength(1)
    expect(groups[0]!.sources.map((x) => x.service).sort()).toEqual(['lb', 'search'])
  })

  it('keeps them apart when the sibling alerts more faintly than the leaf (not the same trouble seen twice)', () => {
    const faint = [
      alert('search', 'latency_p99_ms', 0, { value: 1.05, threshold: 1, labels: { pod: 'search-0' } }),
      alert('search', 'latency_p99_ms', 60, { value: 1.05, threshold: 1, labels: { pod: 'search-0' } }),
    ]
    expect(correlate(normalized([...faint, ...twice('lb', 'latency_p99_ms', 0)]), graph)).toHaveLength(2)
  })

  it('keeps the view as the runner-up', () => {
    const ev = evidence([...twice('search', 'latency_p99_ms', 0), ...twice('lb', 'latency_p99_ms', 0), ...twice('site', 'latency_p99_ms', 10)])
    expect(
      rankByExplanation(ev, graph, () => 0)
        .slice(0, 2)
        .map((c) => c.service),
    ).toEqual(['search', 'lb'])
  })

  it('never takes a leaf sibling with no more callers as the original (two leaves would trade places forever)', () => {
    const leaves = graphOf(['site>a', 'site>b'])
    expect(viewSiblings(leaves, 'a')).toEqual([])
    const ev = summarizeCluster(collapseSources(normalized([...twice('a', 'latency_p99_ms', 0), ...twice('b', 'latency_p99_ms', 0)])), leaves)
    expect(callerViews(leaves, ev.byService, 60_000).size).toBe(0)
  })
})
