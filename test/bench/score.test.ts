/**
 * Unit tests for bench/eval/score.ts: the evaluation's scoring must be right before any
 * number it prints can be trusted. Tiny hand-made scenarios with exact expectations.
 */
import { describe, expect, it } from 'bun:test'
import { comparePartitions, mean, p50, p99, percentile, readAnswer, scoreScenario, topK, type Answer, type ScoredScenario } from '../../bench/eval/score.ts'

// Two incidents (root db: a1..a3, root cache: b1..b2) and two noise alerts n1, n2.
const scenario: ScoredScenario = {
  alerts: ['a1', 'a2', 'a3', 'b1', 'b2', 'n1', 'n2'].map((id) => ({ id })),
  truth: {
    primary_root: 'db',
    incidents: [
      { root: 'db', alert_ids: ['a1', 'a2', 'a3'], fault: 'cpu', silent_root: false, affected_services: ['db', 'api'] },
      { root: 'cache', alert_ids: ['b1', 'b2'], fault: 'mem', silent_root: true, affected_services: ['cache', 'web'] },
    ],
    noise_alert_ids: ['n1', 'n2'],
  },
}

function cluster(ids: string[], service: string, candidates: string[] = [], confidence = 0.5) {
  return { alert_ids: ids, root_cause: { service, confidence, candidates: candidates.map((s) => ({ service: s, score: 0.1 })) } }
}

function answer(body: unknown): Answer {
  return readAnswer(body)
}

describe('comparePartitions', () => {
  it('gives ARI 1 and F1 1 for identical groupings under different labels', () => {
    const s = comparePartitions(['x', 'x', 'y', 'y', 'z'], ['1', '1', '2', '2', '3'])
    expect(s.ari).toBe(1)
    expect(s.precision).toBe(1)
    expect(s.recall).toBe(1)
    expect(s.f1).toBe(1)
  })

  it('drops precision but keeps recall 1 when everything is one cluster', () => {
    // truth pairs: 1 (x) + 1 (y) = 2; predicted pairs: C(4,2) = 6; agreeing 2.
    const s = comparePartitions(['x', 'x', 'y', 'y'], ['c', 'c', 'c', 'c'])
    expect(s.precision).toBeCloseTo(2 / 6, 12)
    expect(s.recall).toBe(1)
    expect(s.f1).toBeCloseTo(0.5, 12)
    expect(s.ari).toBeCloseTo(0, 12)
  })

  it('matches the textbook ARI value on a known example', () => {
    // scikit-learn docs: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) == 0.5714285714285715
    expect(comparePartitions(['0', '0', '1', '1'], ['0', '0', '1', '2']).ari).toBeCloseTo(0.5714285714285715, 12)
  })

  it('scores all-singleton truth and answer as a perfect match', () => {
    const s = comparePartitions(['a', 'b', 'c'], ['1', '2', '3'])
    expect(s.ari).toBe(1)
    expect(s.f1).toBe(1)
  })
})

describe('topK', () => {
  it('deduplicates the root service repeated among the candidates', () => {
    const rc = { service: 'db', confidence: 0.9, method: null, candidates: ['db', 'api', 'db', 'web', 'cache'] }
    expect(topK(rc, 3)).toEqual(['db', 'api', 'web'])
  })
})

describe('scoreScenario', () => {
  it('scores a perfect answer as top-1, ARI 1, F1 1 and no noise leak', () => {
    const s = scoreScenario(
      scenario,
      answer({
        root_cause: { service: 'db', confidence: 0.9, candidates: [] },
        clusters: [cluster(['a1', 'a2', 'a3'], 'db'), cluster(['b1', 'b2'], 'cache'), cluster(['n1'], 'x'), cluster(['n2'], 'y')],
      }),
    )
    expect(s.ok).toBe(true)
    expect([s.top1, s.top3]).toEqual([true, true])
    expect(s.incidents.map((i) => i.top1)).toEqual([true, true])
    expect(s.clustering.ari).toBe(1)
    expect(s.clustering.f1).toBe(1)
    expect(s.noiseLeaked).toBe(0)
    expect(s.noiseTotal).toBe(2)
  })

  it('counts a hit in the deduplicated top-3 but not in top-1', () => {
    const s = scoreScenario(
      scenario,
      answer({
        // 'api' repeated must not push 'db' out of the first three distinct services.
        root_cause: { service: 'api', confidence: 0.4, candidates: [{ service: 'api' }, { service: 'web' }, { service: 'db' }] },
        clusters: [],
      }),
    )
    expect(s.top1).toBe(false)
    expect(s.top3).toBe(true)
  })

  it('drops pair precision and leaks noise when everything is one cluster', () => {
    const s = scoreScenario(
      scenario,
      answer({
        root_cause: { service: 'db', confidence: 0.7, candidates: [] },
        clusters: [cluster(['a1', 'a2', 'a3', 'b1', 'b2', 'n1', 'n2'], 'db', ['cache'])],
      }),
    )
    // true pairs 3 + 1 = 4, predicted pairs C(7,2) = 21.
    expect(s.clustering.precision).toBeCloseTo(4 / 21, 12)
    expect(s.clustering.recall).toBe(1)
    expect(s.noiseLeaked).toBe(2)
    // Both incidents match the same cluster: db right at top-1, cache only in top-3.
    expect(s.incidents.map((i) => [i.top1, i.top3])).toEqual([
      [true, true],
      [false, true],
    ])
  })

  it('matches each incident to the cluster sharing the most alert ids', () => {
    const s = scoreScenario(
      scenario,
      answer({
        root_cause: { service: 'web', confidence: 0.6, candidates: [] },
        clusters: [
          cluster(['a1', 'b1', 'b2'], 'cache', [], 0.8), // holds 2 of incident 2's alerts
          cluster(['a2', 'a3'], 'db', ['api'], 0.3), // holds 2 of incident 1's; first cluster holds only 1
        ],
      }),
    )
    expect(s.incidents.map((i) => i.predicted)).toEqual(['db', 'cache'])
    expect(s.incidents.map((i) => i.overlap)).toEqual([2, 2])
    expect(s.incidents.map((i) => i.confidence)).toEqual([0.3, 0.8])
    expect(s.top1).toBe(false)
  })

  it('counts noise as leaked only when glued to incident alerts', () => {
    const s = scoreScenario(
      scenario,
      answer({
        root_cause: { service: 'db', confidence: 0.9, candidates: [] },
        // n1 rides with incident alerts; n2 shares a cluster with noise only.
        clusters: [cluster(['a1', 'a2', 'a3', 'n1'], 'db'), cluster(['b1', 'b2'], 'cache'), cluster(['n2', 'zz'], 'q')],
      }),
    )
    expect(s.noiseLeaked).toBe(1)
  })

  it('treats alerts missing from every cluster as singletons', () => {
    const s = scoreScenario(scenario, answer({ root_cause: { service: 'db', confidence: 1, candidates: [] }, clusters: [] }))
    expect(s.clustering.precision).toBe(1)
    expect(s.clustering.recall).toBe(0)
    expect(s.clustering.f1).toBe(0)
    expect(s.incidents.every((i) => i.predicted === null && !i.top3)).toBe(true)
  })

  it('scores only the root of a real-fault scenario (meta.score_clustering false): clustering is NaN, not a number to average', () => {
    const real: ScoredScenario = { ...scenario, meta: { score_clustering: false } }
    const s = scoreScenario(real, answer({ root_cause: { service: 'db', confidence: 1, candidates: [] }, clusters: [cluster(['a1'], 'db')] }))
    expect(s.top1).toBe(true)
    expect(Number.isNaN(s.clustering.ari)).toBe(true)
    expect(Number.isNaN(s.clustering.f1)).toBe(true)
  })

  it('scores a failed request as a miss everywhere', () => {
    const s = scoreScenario(scenario, null)
    expect(s.ok).toBe(false)
    expect([s.top1, s.top3, s.clustering.ari, s.clustering.f1]).toEqual([false, false, 0, 0])
    expect(s.incidents.some((i) => i.top3)).toBe(false)
  })
})

describe('readAnswer', () => {
  it('tolerates missing and mistyped fields', () => {
    const a = readAnswer({ clusters: [null, { alert_ids: ['x', 3] }], root_cause: { service: 7 } })
    expect(a.rootCause).toBeNull()
    expect(a.clusters).toEqual([{ alertIds: ['x'], rootCause: null }])
  })
})

describe('stats', () => {
  it('computes mean and nearest-rank percentiles', () => {
    const xs = [5, 1, 4, 2, 3]
    expect(mean(xs)).toBe(3)
    expect(p50(xs)).toBe(3)
    expect(p99(xs)).toBe(5)
    expect(percentile([10, 20, 30, 40], 50)).toBe(20)
    expect(Number.isNaN(mean([]))).toBe(true)
    // NaN marks "not scored" and is left out of the mean.
    expect(mean([1, Number.NaN, 3])).toBe(2)
    expect(Number.isNaN(mean([Number.NaN]))).toBe(true)
  })
})
