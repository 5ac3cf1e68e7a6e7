/**
 * Scoring feedback and aggregating it (pure): top1/top3/miss by the eval's
 * top-k rule, and accuracy over 7 and 30 days by method and graph version.
 */
import { describe, expect, it } from 'bun:test'
import { accuracy } from '../../src/store/accuracy.ts'
import { scoreFeedback } from '../../src/store/feedback-score.ts'

const answer = { service: 'db', candidates: [{ service: 'db' }, { service: 'db' }, { service: 'api' }, { service: 'web' }, { service: 'lb' }] }

describe('scoreFeedback', () => {
  it.each([
    ['db', 'top1'], // the answer's root: a confirmation
    ['api', 'top3'], // second distinct service
    ['web', 'top3'], // third distinct (repeats of the root do not use up places)
    ['lb', 'miss'], // fourth
    ['cache', 'miss'], // not a candidate at all
  ])('%s scores %s', (truth, outcome) => {
    expect(scoreFeedback(answer, truth)).toBe(outcome as 'top1')
  })
})

describe('accuracy', () => {
  const NOW = Date.parse('2026-06-30T00:00:00Z')
  const DAY = 86_400_000
  const rows = [
    { atMs: NOW - DAY, outcome: 'top1' as const, method: 'graph-explain', graph_version: 'g2' },
    { atMs: NOW - 2 * DAY, outcome: 'top3' as const, method: 'graph-explain', graph_version: 'g2' },
    { atMs: NOW - 3 * DAY, outcome: 'miss' as const, method: 'llm', graph_version: 'g2' },
    { atMs: NOW - 20 * DAY, outcome: 'top1' as const, method: 'graph-explain', graph_version: 'g1' },
    { atMs: NOW - 40 * DAY, outcome: 'miss' as const, method: 'graph-explain', graph_version: 'g0' },
  ]

  it('counts the last 7 and 30 days, top3 including top1 hits', () => {
    const a = accuracy(rows, NOW)
    expect(a['7d']).toMatchObject({ n: 3, top1: 0.333, top3: 0.667 })
    expect(a['30d']).toMatchObject({ n: 4, top1: 0.5, top3: 0.75 })
  })

  it('splits by method and graph version', () => {
    const a = accuracy(rows, NOW)['30d']!
    expect(a.by_method).toEqual({ 'graph-explain': { n: 3, top1: 0.667, top3: 1 }, llm: { n: 1, top1: 0, top3: 0 } })
    expect(a.by_graph_version).toEqual({ g1: { n: 1, top1: 1, top3: 1 }, g2: { n: 3, top1: 0.333, top3: 0.667 } })
  })

  it('no feedback is n 0 with no rates, not a division by zero', () => {
    expect(accuracy([], NOW)['7d']).toEqual({ n: 0, top1: null, top3: null, by_method: {}, by_graph_version: {} })
  })
})
