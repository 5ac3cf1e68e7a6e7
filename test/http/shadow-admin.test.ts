import { describe, expect, it } from 'bun:test'
import { Elysia } from 'elysia'
import { Registry } from 'prom-client'
import { parseConfig } from '../../src/config.ts'
import type { GraphStore } from '../../src/graph/store.ts'
import { errorHandler } from '../../src/http/errors.ts'
import { MAX_REPLAY, shadowAdminRoutes, type StoredIncidents } from '../../src/http/shadow-admin.ts'
import { LiveSettings } from '../../src/live-settings.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { storeVersions } from '../../src/shadow/candidate.ts'
import { analyzeCandidate } from '../support/helpers.ts'
import { ShadowService } from '../../src/shadow/shadow.ts'
import { nodeLinkDoc, servicesDoc } from '../support/fixtures/graph-docs.ts'
import { makeDeps } from '../support/helpers.ts'
import { paymentCascade, storedIncident } from '../support/fixtures/shadow-batches.ts'

const TOKEN = 'shadow-admin-token'
const AUTH = { authorization: `Bearer ${TOKEN}` }
const json = async (res: Response): Promise<any> => res.json()

function setup(opts: { token?: string; incidents?: StoredIncidents } = { token: TOKEN }) {
  const config = parseConfig({ AIOPS_USE_LLM: 'false', ...(opts.token ? { AIOPS_ADMIN_TOKEN: opts.token } : {}) })
  // The shop graph and history every test app serves.
  const store = makeDeps().store
  const settings = new LiveSettings({ gapSec: 120, maxHop: 2, method: 'explain' })
  const shadow = new ShadowService({ store, settings, metrics: createMetrics(new Registry()), logger: silentLogger, queue: { capacity: 8, sample: 1 } })
  const versions = storeVersions(store)
  const app = new Elysia().use(errorHandler(silentLogger)).use(shadowAdminRoutes({ config, shadow, versions, incidents: opts.incidents, logger: silentLogger }))
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) =>
    app.handle(
      new Request(`http://localhost${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    )
  return { app, store, settings, shadow, call }
}

const ROUTES: Array<[string, string]> = [
  ['PUT', '/admin/shadow'],
  ['GET', '/admin/shadow'],
  ['DELETE', '/admin/shadow'],
  ['POST', '/admin/shadow/promote'],
  ['POST', '/admin/shadow/replay?last=5'],
]

describe('shadow admin token rules', () => {
  for (const [method, path] of ROUTES) {
    it(`${method} ${path} answers 404 when no AIOPS_ADMIN_TOKEN is configured`, async () => {
      expect((await setup({}).call(method, path, method === 'PUT' ? { config: { gap_sec: 300 } } : undefined)).status).toBe(404)
    })
    it(`${method} ${path} answers 401 with a Bearer challenge without a token`, async () => {
      const res = await setup().call(method, path, undefined, {})
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
    })
    it(`${method} ${path} answers 403 with a wrong token`, async () => {
      expect((await setup().call(method, path, undefined, { authorization: `Bearer ${TOKEN}-not` })).status).toBe(403)
    })
  }
})

describe('PUT /admin/shadow', () => {
  it('shadows a graph in services.json format and reports it', async () => {
    const { call } = setup()
    const res = await call('PUT', '/admin/shadow', { graph: servicesDoc('g-next') })
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({
      result: 'shadowing',
      candidate: { graph: { version: 'g-next', from: 'upload', node_count: 4 }, reason: 'admin' },
      compared: 0,
    })
  })

  it('shadows a graph in node-link format together with settings', async () => {
    const { call } = setup()
    const body = await json(await call('PUT', '/admin/shadow', { graph: nodeLinkDoc('g-nl'), config: { gap_sec: 300, rca_method: 'pagerank' } }))
    expect(body.candidate).toMatchObject({
      graph: { version: 'g-nl', edge_count: 2 },
      config: { gap_sec: 300, max_hop: 2, rca_method: 'pagerank', changed: ['gap_sec', 'rca_method'] },
    })
  })

  it('shadows a kept graph version by id', async () => {
    const { call } = setup()
    expect((await json(await call('PUT', '/admin/shadow', { graph_version: 'g-test' }))).candidate.graph).toMatchObject({ version: 'g-test', from: 'version' })
  })

  it('replaces an earlier candidate and starts its report afresh', async () => {
    const { call } = setup()
    await call('PUT', '/admin/shadow', { config: { gap_sec: 300 } })
    const body = await json(await call('PUT', '/admin/shadow', { config: { max_hop: 3 } }))
    expect(body.candidate.config).toMatchObject({ gap_sec: 120, max_hop: 3, changed: ['max_hop'] })
  })

  const bad: Array<[string, unknown, number, string]> = [
    // not JSON at all
    ['malformed JSON', '{"graph":', 400, 'not valid JSON'],
    // nothing to shadow
    ['an empty object', {}, 422, 'name a "graph"'],
    // a setting outside its environment variable's bounds
    ['max_hop 0', { config: { max_hop: 0 } }, 422, 'config.max_hop'],
    ['an unknown method', { config: { rca_method: 'magic' } }, 422, 'config.rca_method'],
    ['an unknown setting', { config: { gap: 1 } }, 422, 'config'],
    ['both graph and graph_version', { graph: servicesDoc('x'), graph_version: 'g-test' }, 422, 'not both'],
    ['an unknown kept version', { graph_version: 'g-nope' }, 422, 'no kept graph version "g-nope"'],
    [
      'a graph with an edge to an unknown service',
      { graph: { services: [{ name: 'a' }], edges: [{ from: 'a', to: 'ghost' }] } },
      422,
      'unknown service "ghost"',
    ],
  ]
  for (const [name, body, status, text] of bad) {
    it(`answers ${status} naming the problem for ${name}, and shadows nothing`, async () => {
      const { call, shadow } = setup()
      const res = await call('PUT', '/admin/shadow', body)
      expect(res.status).toBe(status)
      const b = await json(res)
      expect(`${b.field ?? ''} ${b.message}`).toContain(text)
      expect(shadow.candidate).toBeUndefined()
    })
  }
})

describe('GET/DELETE /admin/shadow and POST /admin/shadow/promote', () => {
  it('answer 404 naming what to do when nothing is shadowed', async () => {
    const { call } = setup()
    for (const [m, p] of [
      ['GET', '/admin/shadow'],
      ['DELETE', '/admin/shadow'],
      ['POST', '/admin/shadow/promote'],
    ] as const) {
      const res = await call(m, p)
      expect(res.status).toBe(404)
      expect((await json(res)).error).toBe('no_candidate')
    }
  })

  it('discard stops shadowing', async () => {
    const { call } = setup()
    await call('PUT', '/admin/shadow', { config: { gap_sec: 300 } })
    expect(await json(await call('DELETE', '/admin/shadow'))).toEqual({ result: 'discarded' })
    expect((await call('GET', '/admin/shadow')).status).toBe(404)
  })

  it('promote makes the graph and settings live; the graph rollback returns to the old version', async () => {
    const { call, store, settings } = setup()
    await call('PUT', '/admin/shadow', { graph: servicesDoc('g-next'), config: { max_hop: 3 } })
    expect(await json(await call('POST', '/admin/shadow/promote'))).toEqual({
      result: 'promoted',
      graph_version: 'g-next',
      pipeline_config: { gap_sec: 120, max_hop: 3, rca_method: 'explain' },
    })
    expect(store.current!.graph.data.version).toBe('g-next')
    expect(store.current!.graphOrigin).toBe('upload')
    expect(settings.current.maxHop).toBe(3)
    expect((await call('GET', '/admin/shadow')).status).toBe(404)
    store.rollback()
    expect(store.current!.graph.data.version).toBe('g-test')
  })
})

describe('POST /admin/shadow/replay', () => {
  const stored = async (store: GraphStore) => {
    const alerts = paymentCascade()
    return storedIncident('inc-1', alerts, await analyzeCandidate(alerts, store.current!, { gapSec: 120, maxHop: 2, method: 'explain' }), 'payment-db')
  }

  it('answers 409 naming the missing store when no incident store is configured', async () => {
    const { call } = setup()
    await call('PUT', '/admin/shadow', { config: { gap_sec: 300 } })
    const res = await call('POST', '/admin/shadow/replay?last=5')
    expect(res.status).toBe(409)
    expect((await json(res)).message).toContain('no incident store')
  })

  it('answers 404 when nothing is shadowed, and 422 for a bad count', async () => {
    const { call } = setup({ token: TOKEN, incidents: { list: async () => [] } })
    expect((await call('POST', '/admin/shadow/replay?last=5')).status).toBe(404)
    for (const last of ['0', 'ten', '1.5', String(MAX_REPLAY + 1)]) {
      const res = await call('POST', `/admin/shadow/replay?last=${last}`)
      expect(res.status).toBe(422)
      expect((await json(res)).field).toBe('last')
    }
  })

  it('fills the report from the last N stored incidents, scored against feedback', async () => {
    let asked = 0
    const holder: { store?: GraphStore } = {}
    const { call, store } = setup({ token: TOKEN, incidents: { list: async ({ limit }) => ((asked = limit), [await stored(holder.store!)]) } })
    holder.store = store
    await call('PUT', '/admin/shadow', { graph: { ...servicesDoc('g-next'), edges: servicesDoc('g-next').edges.filter((e) => e.to !== 'payment-db') } })
    const body = await json(await call('POST', '/admin/shadow/replay?last=7'))
    expect(asked).toBe(7)
    expect(body).toMatchObject({ result: 'replayed', replayed: 1, compared: 1, truth: { scored: 1, live: { top1: 1 } } })
    expect(body.disagreements[0]).toMatchObject({ source: 'inc-1', truth: 'payment-db', what: expect.arrayContaining(['root_cause']) })
  })
})
