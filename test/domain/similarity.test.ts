import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import { historyPrior as byRoot, matchHistory, priorFromMatches, similarFromMatches, type IncidentFingerprint } from '../../src/domain/similarity.ts'
import { HISTORY } from '../support/helpers.ts'

// The two reads of one history match (similar incidents; the prior, as ranking got it before historyPrior).
const similarIncidents = (q: IncidentFingerprint, history = HISTORY, options = {}) => similarFromMatches(matchHistory(q, history), q.root, options)
const historyPrior = (q: IncidentFingerprint, history = HISTORY) => priorFromMatches(matchHistory(q, history))

describe('similarIncidents', () => {
  it('ranks the incident sharing services, metrics and root first, with its score', () => {
    const out = similarIncidents(
      { services: ['payment-db', 'payment', 'checkout'], metrics: ['conn_pool_used', 'latency_p99_ms'], root: 'payment-db' },
      HISTORY,
    )
    expect(out[0]).toEqual({ id: 'INC-1', similarity: 1, root_cause: 'payment-db', title: 'payment-db pool exhausted' })
  })

  it('returns at most k incidents and none below the minimum score', () => {
    expect(similarIncidents({ services: ['elsewhere'], metrics: ['disk_util'] }, HISTORY)).toEqual([])
    expect(similarIncidents({ services: ['cart', 'payment'], metrics: ['latency_p99_ms'] }, HISTORY, { k: 1 })).toHaveLength(1)
  })
})

describe('historyPrior', () => {
  it('gives past roots of similar incidents a prior in [0, 1]', () => {
    const prior = historyPrior({ services: ['cart-cache', 'cart'], metrics: ['mem_util', 'latency_p99_ms'] }, HISTORY)
    expect(prior.get('cart-cache')).toBeCloseTo(1, 6)
    expect(prior.get('payment-db')!).toBeLessThan(0.5)
  })
})

describe('historyPrior, one root at a time', () => {
  it('gives exactly the prior of the whole-history match for every root, and 0 for a root never seen', () => {
    const names = ['web', 'checkout', 'payment', 'payment-db', 'cart', 'cart-cache', 'search', 'ghost']
    const metrics = ['cpu_util', 'mem_util', 'error_rate', 'latency_p99_ms', 'conn_pool_used']
    fc.assert(
      fc.property(fc.subarray(names), fc.subarray(metrics), (services, ms) => {
        const q = { services, metrics: ms }
        const whole = priorFromMatches(matchHistory(q, HISTORY))
        const one = byRoot(q, HISTORY)
        for (const root of names) expect(one(root)).toBe(whole.get(root) ?? 0)
      }),
    )
  })
})
