import { describe, expect, it } from 'bun:test'
import { compareReports } from '../../src/shadow/compare.ts'
import { KEPT_DISAGREEMENTS, ShadowTally } from '../../src/shadow/tally.ts'
import { cluster, report } from '../support/fixtures/shadow-batches.ts'

const same = compareReports(report(cluster(['a', 'b'], ['db'], 0.9)), report(cluster(['a', 'b'], ['db'], 0.7)))
const differ = compareReports(report(cluster(['a', 'b'], ['db'], 0.9)), report(cluster(['a'], ['api'], 0.5), cluster(['b'], ['db'], 0.5)))

describe('ShadowTally', () => {
  it('reports null rates before anything is compared', () => {
    const s = new ShadowTally().toJSON()
    expect(s).toMatchObject({ compared: 0, agreement: { root_cause: null, top3: null, clusters: null }, truth: null, disagreements: [] })
  })

  it('counts agreements, mean confidences and the kinds of each disagreement', () => {
    const t = new ShadowTally()
    expect(t.record(same, '2026-01-01T00:00:00Z', 'live')).toEqual([])
    expect(t.record(differ, '2026-01-01T00:00:01Z', 'live')).toEqual(['root_cause', 'top3', 'clusters'])
    const s = t.toJSON()
    expect(s.compared).toBe(2)
    expect(s.agreement).toEqual({ root_cause: 0.5, top3: 0.5, clusters: 0.5 })
    expect(s.mean_confidence).toEqual({ live: 0.9, candidate: 0.6 })
    expect(s.disagreements).toEqual([
      {
        at: '2026-01-01T00:00:01Z',
        what: ['root_cause', 'top3', 'clusters'],
        live: { root: 'db', confidence: 0.9, clusters: 1 },
        candidate: { root: 'api', confidence: 0.5, clusters: 2 },
        cluster_agreement: 0,
        source: 'live',
      },
    ])
  })

  it(`keeps only the latest ${KEPT_DISAGREEMENTS} disagreements, newest first`, () => {
    const t = new ShadowTally()
    for (let i = 0; i < KEPT_DISAGREEMENTS + 5; i++) t.record(differ, `t${i}`, 'live')
    const d = t.toJSON().disagreements
    expect(d).toHaveLength(KEPT_DISAGREEMENTS)
    expect(d[0]!.at).toBe(`t${KEPT_DISAGREEMENTS + 4}`)
  })

  it('scores both sides against confirmed roots, top 3 including top 1', () => {
    const t = new ShadowTally()
    t.record(same, 't0', 'inc-1', { root: 'db', live: 'top1', candidate: 'top3' })
    t.record(same, 't1', 'inc-2', { root: 'x', live: 'miss', candidate: 'top1' })
    t.record(same, 't2', 'live')
    expect(t.toJSON().truth).toEqual({ scored: 2, live: { top1: 0.5, top3: 0.5 }, candidate: { top1: 0.5, top3: 1 } })
  })

  it('counts skips by reason and unsampled batches apart from them', () => {
    const t = new ShadowTally()
    t.skip('queue_full')
    t.skip('queue_full')
    t.skip('failed')
    t.unsampled()
    expect(t.toJSON()).toMatchObject({ skipped: { total: 3, queue_full: 2, failed: 1, no_graph: 0 }, not_sampled: 1 })
  })
})
