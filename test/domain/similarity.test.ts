import { describe, expect, it } from 'bun:test'
import { matchHistory, priorFromMatches, similarFromMatches, type IncidentFingerprint } from '../../src/domain/similarity.ts'
import { HISTORY } from '../support/helpers.ts'

// The two reads analyzeCluster makes of one history match.
const similarIncidents = (q: IncidentFingerprint, history = HISTORY, options = {}) => similarFromMatches(matchHistory(q, history), q.root, options)
const historyPrior = (q: IncidentFingerprint, history = HISTORY) => priorFromMatches(matchHistory(q, history))

describe('similarIncidents', () => {
  it('ranks the incident sharing services, metrics and root first, with its score', () => {
    const out = similarIncidents({ services: ['payment-db', 'payment', 'checkout'], metrics: ['conn_pool_used', 'latency_p99_ms'], root: 'payment-db' }, HISTORY)
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
