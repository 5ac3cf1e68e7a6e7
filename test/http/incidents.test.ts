/**
 * The incident store's routes through app.handle(): listing with filters and
 * 422s naming the bad parameter, one incident or 404, feedback (404 unknown,
 * 422 naming the field, any content type), live accuracy, and 503 while the
 * store is down.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { Elysia } from 'elysia'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { UnauthorizedError } from '../../src/http/bearer-auth.ts'
import { errorHandler } from '../../src/http/errors.ts'
import { incidentStoreRoutes } from '../../src/http/incidents.ts'
import { silentLogger } from '../../src/logger.ts'
import { triage } from '../../src/incident/triage.ts'
import { alert } from '../support/helpers.ts'
import { downStore, serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir } from '../support/processes.ts'

const dir = tempDir('aiops-routes-')
const harnesses: ServiceHarness[] = []
afterAll(async () => {
  for (const h of harnesses) await h.service.close()
  rmSync(dir, { recursive: true, force: true })
})

async function setup(over: Parameters<typeof serviceOn>[1] = {}) {
  const h = serviceOn(join(dir, `r${harnesses.length}.db`), over)
  harnesses.push(h)
  const app = new Elysia().use(errorHandler(silentLogger)).use(incidentStoreRoutes(h.service, { adminAuth: () => {} }))
  const call = (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init))
  const record = async (alerts: ReturnType<typeof alert>[]) => {
    const snap = h.graphs.current!
    const { report } = triage({ alerts, snapshot: snap, options: { gapSec: 120, maxHop: 2, method: 'explain' }, method: 'graph-explain' })
    return h.service.record({ alerts, report, graph: snap.graph, settings: { gap_sec: 120, max_hop: 2, rca_method: 'explain' } }).id
  }
  return { h, call, record }
}

const feedback = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('GET /incidents', () => {
  it('lists newest first, filtered by service, without the heavy parts', async () => {
    const { call, record } = await setup()
    const a = await record([alert('payment-db', 'conn_pool_used', 0), alert('payment', 'latency_p99_ms', 10)])
    await Bun.sleep(5)
    const b = await record([alert('cart-cache', 'mem_util', 0), alert('cart', 'latency_p99_ms', 10)])
    const all = await (await call('/incidents')).json()
    expect(all.incidents.map((i: { id: string }) => i.id)).toEqual([b, a])
    expect(all.incidents[0].report).toBeUndefined()
    const cart = await (await call('/incidents?service=cart-cache&limit=5')).json()
    expect(cart.incidents.map((i: { id: string }) => i.id)).toEqual([b])
    expect((await (await call(`/incidents?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json()).count).toBe(0)
  })

  it.each([
    ['limit=0', 'limit'], // below 1
    ['limit=abc', 'limit'], // not a number
    ['limit=501', 'limit'], // above the page cap
    ['since=yesterday', 'since'], // neither RFC 3339 nor epoch seconds
  ])('?%s answers 422 naming %s', async (q, field) => {
    const { call } = await setup()
    const res = await call(`/incidents?${q}`)
    expect(res.status).toBe(422)
    expect((await res.json()).field).toBe(field)
  })
})

describe('GET /incidents/:id', () => {
  it('answers the stored incident right after it was recorded, 404 for an unknown id', async () => {
    const { call, record } = await setup()
    const id = await record([alert('payment-db', 'conn_pool_used', 0)])
    const res = await call(`/incidents/${id}`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ id, root_cause: 'payment-db', alerts: [expect.objectContaining({ service: 'payment-db' })] })
    expect(body.report.root_cause.service).toBe('payment-db')
    expect((await call('/incidents/inc-nope')).status).toBe(404)
  })
})

describe('POST /incidents/:id/feedback', () => {
  it('stores the verdict and answers it scored, whatever the content type', async () => {
    const { call, record } = await setup()
    const id = await record([alert('payment-db', 'conn_pool_used', 0), alert('payment', 'latency_p99_ms', 10)])
    const res = await call(`/incidents/${id}/feedback`, feedback({ root_cause: 'payment-db', actions: ['raise pool'] }, { 'content-type': 'text/plain' }))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ incident_id: id, feedback: { root_cause: 'payment-db', actions: ['raise pool'], outcome: 'top1' } })
    expect((await (await call(`/incidents/${id}`)).json()).feedback.root_cause).toBe('payment-db')
    const acc = await (await call('/admin/accuracy')).json()
    expect(acc.windows['7d']).toMatchObject({ n: 1, top1: 1, top3: 1 })
  })

  it.each([
    [{}, 'root_cause'], // missing
    [{ root_cause: '' }, 'root_cause'], // empty
    [{ root_cause: 'db', actions: 'restart' }, 'actions'], // not a list
    [{ root_cause: 'db', note: 7 }, 'note'], // wrong type
  ])('%p answers 422 naming %s', async (body, field) => {
    const { call, record } = await setup()
    const id = await record([alert('payment-db', 'conn_pool_used', 0)])
    const res = await call(`/incidents/${id}/feedback`, feedback(body))
    expect(res.status).toBe(422)
    expect((await res.json()).field).toBe(field)
  })

  it('answers 404 for an unknown incident and 400 for malformed JSON', async () => {
    const { call } = await setup()
    expect((await call('/incidents/inc-nope/feedback', feedback({ root_cause: 'db' }))).status).toBe(404)
    expect((await call('/incidents/inc-nope/feedback', feedback('{"root_cause":'))).status).toBe(400)
  })
})

describe('guards', () => {
  const tokenHook =
    (token: string) =>
    ({ request }: { request: Request }) => {
      if (request.headers.get('authorization') !== `Bearer ${token}`) throw new UnauthorizedError('missing bearer token', 'test')
    }

  it('every route runs its bearer check before reading anything, even a bad body', async () => {
    const h = serviceOn(join(dir, 'guard.db'))
    harnesses.push(h)
    const app = new Elysia().use(errorHandler(silentLogger)).use(incidentStoreRoutes(h.service, { auth: tokenHook('api'), adminAuth: tokenHook('admin') }))
    const call = (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init))
    for (const path of ['/incidents', '/incidents/inc-x', '/admin/accuracy']) expect((await call(path)).status).toBe(401)
    expect((await call('/incidents/inc-x/feedback', feedback('{not json'))).status).toBe(401)
    expect((await call('/admin/accuracy', { headers: { authorization: 'Bearer api' } })).status).toBe(401)
    expect((await call('/incidents', { headers: { authorization: 'Bearer api' } })).status).toBe(200)
  })

  it('without an admin token /admin/accuracy does not exist', async () => {
    const h = serviceOn(join(dir, 'noadmin.db'))
    harnesses.push(h)
    const app = new Elysia().use(errorHandler(silentLogger)).use(incidentStoreRoutes(h.service))
    expect((await app.handle(new Request('http://localhost/admin/accuracy'))).status).toBe(404)
  })
})

describe('a down store', () => {
  it('answers 503 on the reads and feedback', async () => {
    const { call } = await setup({ incidents: downStore() })
    for (const res of [
      await call('/incidents'),
      await call('/incidents/inc-x'),
      await call('/incidents/inc-x/feedback', feedback({ root_cause: 'db' })),
      await call('/admin/accuracy'),
    ]) {
      expect(res.status).toBe(503)
      expect((await res.json()).message).toContain('incident store unavailable')
    }
  })
})
