import { describe, expect, it } from 'bun:test'
import { recommendActions } from '../../src/domain/actions.ts'
import { HISTORY } from '../support/helpers.ts'

describe('recommendActions', () => {
  const similar = [{ id: 'INC-1', similarity: 0.9, root_cause: 'payment-db', title: '' }]

  it('puts what fixed a similar incident with the same root first, then the playbook', () => {
    const out = recommendActions({ root: 'payment-db', tier: 'db', rootMetrics: ['conn_pool_used'], similar, history: HISTORY })
    expect(out[0]).toBe('Raise payment-db max_connections')
    expect(out[1]).toContain('connection-pool')
    expect(out.some((a) => a.includes('slow queries'))).toBe(true)
  })

  it('never repeats an action, whatever its case', () => {
    const history = [{ ...HISTORY[0]!, actions: ['Restart X', 'restart x '] }]
    const out = recommendActions({ root: 'payment-db', tier: 'db', rootMetrics: [], similar, history })
    expect(out.filter((a) => a.toLowerCase().trim() === 'restart x')).toHaveLength(1)
  })

  it('tells the engineer to check a silent root directly', () => {
    const out = recommendActions({ root: 'cart-cache', tier: 'cache', rootMetrics: [], similar: [], history: HISTORY })
    expect(out[0]).toContain('raised no alert')
  })

  it('answers a repeated question the same, in a fresh array, and keeps differing inputs apart', () => {
    const input = { root: 'payment-db', tier: 'db' as const, rootMetrics: ['conn_pool_used'], similar, history: HISTORY }
    const first = recommendActions(input)
    first.push('scribbled on by a caller')
    expect(recommendActions({ ...input })).toEqual(first.slice(0, -1))
    // No metric and one empty metric name join to the same text, yet are different questions.
    expect(recommendActions({ ...input, rootMetrics: [] }).some((a) => a.includes('raised no alert'))).toBe(true)
    expect(recommendActions({ ...input, rootMetrics: [''] }).some((a) => a.includes('raised no alert'))).toBe(false)
  })

  it('answers an unknown root with a manual triage step', () => {
    expect(recommendActions({ root: 'unknown', tier: undefined, rootMetrics: [], similar: [], history: [] })[0]).toContain('by hand')
  })
})
