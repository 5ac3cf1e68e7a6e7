/**
 * The behaviour both incident stores must share, as one suite run against a
 * real SQLite file and a real Postgres: upsert keeps creation time and
 * feedback, newest-first listing with service and time filters, feedback by
 * id (null for an unknown one), learning and accuracy reads, what other
 * replicas updated, retention.
 */
import { expect, it } from 'bun:test'
import type { IncidentStore } from '../../src/store/incident-store.ts'
import { storedIncident } from '../support/incidents.ts'

const T0 = Date.parse('2026-06-08T00:00:00Z')
const MIN = 60_000

export function storeContract(open: () => Promise<IncidentStore>, openPair: () => Promise<[IncidentStore, IncidentStore]>) {
  it('reads back what it stored, newest first, and filters by service and time', async () => {
    const s = await open()
    await s.upsert([storedIncident('inc-a', { updatedMs: T0 }), storedIncident('inc-b', { updatedMs: T0 + MIN, services: ['cart', 'cart-cache'] })])
    expect((await s.get('inc-a'))?.report.root_cause.service).toBe('payment-db')
    expect(await s.get('inc-nope')).toBeNull()
    expect((await s.list({ limit: 10 })).map((i) => i.id)).toEqual(['inc-b', 'inc-a'])
    expect((await s.list({ limit: 10, service: 'cart-cache' })).map((i) => i.id)).toEqual(['inc-b'])
    expect((await s.list({ limit: 10, sinceMs: T0 + 1 })).map((i) => i.id)).toEqual(['inc-b'])
    expect((await s.list({ limit: 1 })).map((i) => i.id)).toEqual(['inc-b'])
  })

  it('an update keeps the creation time and the feedback already given', async () => {
    const s = await open()
    await s.upsert([storedIncident('inc-c', { updatedMs: T0 })])
    const fb = { root_cause: 'payment', actions: ['restart payment'], at: new Date(T0 + MIN).toISOString(), outcome: 'miss' as const }
    expect((await s.saveFeedback('inc-c', fb))?.feedback).toEqual(fb)
    await s.upsert([storedIncident('inc-c', { updatedMs: T0 + 2 * MIN, services: ['checkout', 'payment', 'payment-db', 'web'] })])
    const got = await s.get('inc-c')
    expect(got?.created_at).toBe(new Date(T0).toISOString())
    expect(got?.updated_at).toBe(new Date(T0 + 2 * MIN).toISOString())
    expect(got?.services).toContain('web')
    expect(got?.feedback).toEqual(fb)
  })

  it('feedback on an unknown id changes nothing and says so', async () => {
    const s = await open()
    expect(await s.saveFeedback('inc-unknown', { root_cause: 'x', actions: [], at: new Date(T0).toISOString(), outcome: 'miss' })).toBeNull()
  })

  it('lists confirmed incidents and feedback rows since a time', async () => {
    const s = await open()
    await s.upsert([storedIncident('inc-d', { updatedMs: T0 }), storedIncident('inc-e', { updatedMs: T0 })])
    await s.saveFeedback('inc-d', { root_cause: 'payment-db', actions: [], at: new Date(T0 + 10 * MIN).toISOString(), outcome: 'top1' })
    const confirmed = await s.confirmedSince(T0 + 5 * MIN)
    expect(confirmed.map((i) => i.id)).toEqual(['inc-d'])
    const rows = await s.feedbackSince(T0 + 5 * MIN)
    expect(rows).toEqual([{ atMs: T0 + 10 * MIN, outcome: 'top1', method: 'graph-explain', graph_version: 'g-test' }])
  })

  it('lists what other instances (replicas) updated, with its alert sources, never its own', async () => {
    const [a, b] = await openPair()
    await a.upsert([storedIncident('inc-by-a', { updatedMs: T0 })])
    await b.upsert([storedIncident('inc-by-b', { updatedMs: T0 + MIN })])
    const seenByB = await b.updatedByOthers(T0 - MIN, 10)
    expect(seenByB.map((r) => r.id)).toEqual(['inc-by-a'])
    expect(JSON.parse(seenByB[0]!.sources)[0]).toBe(1_780_000_000_000)
    expect((await a.updatedByOthers(T0 - MIN, 10)).map((r) => [r.id, r.updated_ms, r.group_key])).toEqual([['inc-by-b', T0 + MIN, null]])
    expect(await a.updatedByOthers(T0 + 2 * MIN, 10)).toEqual([])
  })

  it('retention deletes incidents last updated before the cutoff, feedback and all', async () => {
    const s = await open()
    await s.upsert([storedIncident('inc-old', { updatedMs: T0 - 40 * 86_400_000 }), storedIncident('inc-new', { updatedMs: T0 })])
    expect(await s.purge(T0 - 30 * 86_400_000)).toBeGreaterThanOrEqual(1)
    expect(await s.get('inc-old')).toBeNull()
    expect(await s.get('inc-new')).not.toBeNull()
  })

  it('keeps named state documents, the last one saved per name, visible to every instance', async () => {
    const [a, b] = await openPair()
    const name = `state-${crypto.randomUUID()}`
    expect(await a.loadState(name)).toBeNull()
    await a.saveState(name, '{"v":1}')
    await b.saveState(name, '{"v":2}')
    expect(await a.loadState(name)).toBe('{"v":2}')
    expect(await b.loadState(`${name}-other`)).toBeNull()
  })
}
