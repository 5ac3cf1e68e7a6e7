import { afterEach, describe, expect, it } from 'bun:test'
import { loadSnapshot } from '../../src/graph/load.ts'
import { GraphStore } from '../../src/graph/store.ts'
import type { WorkerPool } from '../../src/workers/pool.ts'
import { BROKEN_GRAPHS, nodeLinkDoc, servicesDoc, tempDataDir } from '../support/fixtures/graph-docs.ts'
import { alert, makeApp, post, req, testSnapshot } from '../support/helpers.ts'

const TOKEN = 's3cret-token'
const AUTH = { authorization: `Bearer ${TOKEN}` }
// bun-types leaves Response.json() untyped here; the tests read plain JSON.
const json = async (res: Response): Promise<any> => res.json()
const adminApp = (env: Record<string, string> = {}, store?: GraphStore) => makeApp({ env: { AIOPS_ADMIN_TOKEN: TOKEN, ...env }, store })
const put = (app: ReturnType<typeof makeApp>, body: unknown, headers: Record<string, string> = { ...AUTH, 'content-type': 'application/json' }) =>
  req(app, '/admin/graph', { method: 'PUT', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
const postAdmin = (app: ReturnType<typeof makeApp>, path: string) => req(app, path, { method: 'POST', headers: AUTH })

const ROUTES: Array<[string, string]> = [
  ['GET', '/admin/graph'],
  ['POST', '/admin/graph/reload'],
  ['POST', '/admin/graph/rollback'],
  ['PUT', '/admin/graph'],
  ['GET', '/admin/graph/versions'],
  ['GET', '/admin/graph/diff'],
]

describe('admin token rules', () => {
  for (const [method, path] of ROUTES) {
    it(`${method} ${path} answers 404 when no AIOPS_ADMIN_TOKEN is configured, even with a token`, async () => {
      const res = await req(makeApp(), path, { method, headers: AUTH })
      expect(res.status).toBe(404)
    })

    it(`${method} ${path} answers 401 with a Bearer challenge without a token`, async () => {
      const res = await req(adminApp(), path, { method, body: method === 'GET' ? undefined : '{}' })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
      expect((await json(res)).error).toBe('unauthorized')
    })

    it(`${method} ${path} answers 403 with a wrong token`, async () => {
      const res = await req(adminApp(), path, { method, headers: { authorization: `Bearer ${TOKEN}x` }, body: method === 'GET' ? undefined : '{}' })
      expect(res.status).toBe(403)
      expect((await json(res)).error).toBe('forbidden')
    })
  }

  it('treats another auth scheme as no token (401)', async () => {
    const res = await req(adminApp(), '/admin/graph', { headers: { authorization: `Basic ${btoa(`admin:${TOKEN}`)}` } })
    expect(res.status).toBe(401)
  })

  it('checks the token before reading the body (401, not 400, for junk without a token)', async () => {
    const res = await put(adminApp(), '{not json', { 'content-type': 'application/json' })
    expect(res.status).toBe(401)
  })
})

describe('GET /swagger/json admin routes', () => {
  it('lists the admin routes with a bearer scheme when a token is set, and hides them otherwise', async () => {
    const spec = await json(await req(adminApp(), '/swagger/json'))
    expect(Object.keys(spec.paths)).toContain('/admin/graph/rollback')
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(Object.keys((await json(await req(makeApp(), '/swagger/json'))).paths)).not.toContain('/admin/graph')
  })
})

describe('GET /admin/graph', () => {
  it('describes the live version and that there is no previous one yet', async () => {
    const body = await json(await req(adminApp(), '/admin/graph', { headers: AUTH }))
    expect(body.current).toMatchObject({ version: 'g-test', source: 'test', loaded_at: '2026-01-01T00:00:00Z', node_count: 7, edge_count: 6, hash: 'h' })
    expect(body.previous).toBeNull()
    expect(body.reload).toMatchObject({ graph_path: null, history_path: null })
  })
})

describe('PUT /admin/graph', () => {
  it('makes an uploaded services.json graph live, keeping the old one as previous', async () => {
    const app = adminApp()
    const res = await put(app, servicesDoc('g-up', ['search']))
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body).toMatchObject({
      result: 'uploaded',
      current: { version: 'g-up', source: 'upload', node_count: 5, edge_count: 4 },
      previous: { version: 'g-test' },
    })
    expect(await json(await req(app, '/version'))).toMatchObject({ graph_version: 'g-up', graph_source: 'upload', graph_node_count: 5 })
  })

  it('makes an uploaded networkx node-link graph live', async () => {
    const app = adminApp()
    const res = await put(app, nodeLinkDoc('nl-1'))
    expect(res.status).toBe(200)
    expect((await json(res)).current).toMatchObject({ version: 'nl-1', node_count: 3, edge_count: 2 })
  })

  for (const headers of [{ ...AUTH, 'content-type': 'text/plain' }, { ...AUTH }]) {
    it(`parses the body as JSON with content type ${headers['content-type' as keyof typeof headers] ?? 'none'}`, async () => {
      const res = await put(adminApp(), servicesDoc('g-ct'), headers)
      expect(res.status).toBe(200)
    })
  }

  for (const broken of BROKEN_GRAPHS) {
    it(`rejects ${broken.name} naming the problem, and the old graph keeps serving`, async () => {
      const app = adminApp()
      const res = await put(app, broken.text)
      expect(res.status).toBe(broken.name === 'invalid JSON' ? 400 : 422)
      if (res.status === 422) expect((await json(res)).message).toContain(broken.problem)
      expect((await json(await req(app, '/version'))).graph_version).toBe('g-test')
    })
  }

  it('answers "unchanged" for the live document, so the rollback target is kept', async () => {
    const app = adminApp()
    await put(app, servicesDoc('g-same'))
    const body = await json(await put(app, servicesDoc('g-same')))
    expect(body).toMatchObject({ result: 'unchanged', current: { version: 'g-same' }, previous: { version: 'g-test' } })
  })
})

describe('POST /admin/graph/rollback', () => {
  it('answers 409 when there is no previous version', async () => {
    const res = await postAdmin(adminApp(), '/admin/graph/rollback')
    expect(res.status).toBe(409)
    expect((await json(res)).error).toBe('no_previous_version')
  })

  it('brings the previous version back live, in /version and in the metrics', async () => {
    const app = adminApp()
    await put(app, servicesDoc('g-bad-idea'))
    const res = await postAdmin(app, '/admin/graph/rollback')
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ result: 'rolled_back', current: { version: 'g-test' }, previous: { version: 'g-bad-idea' } })
    expect((await json(await req(app, '/version'))).graph_version).toBe('g-test')
    const metrics = await (await req(app, '/metrics')).text()
    expect(metrics).toContain('aiops_graph_info{version="g-test",source="test",hash="h"} 1')
    expect(metrics).not.toContain('version="g-bad-idea"')
    expect(metrics).toContain('aiops_graph_nodes 7')
  })
})

describe('POST /admin/graph/reload', () => {
  const dirs: Array<Awaited<ReturnType<typeof tempDataDir>>> = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => d.cleanup()))
  })

  async function fileApp() {
    const dir = await tempDataDir()
    dirs.push(dir)
    const store = new GraphStore(await loadSnapshot(dir.graphPath, dir.historyPath, new Date().toISOString()))
    return { dir, app: adminApp({ AIOPS_GRAPH_PATH: dir.graphPath, AIOPS_HISTORY_PATH: dir.historyPath }, store) }
  }

  it('swaps in the changed file', async () => {
    const { dir, app } = await fileApp()
    await dir.writeGraph(servicesDoc('g-2'))
    const res = await postAdmin(app, '/admin/graph/reload')
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({
      result: 'reloaded',
      changed: ['graph'],
      current: { version: 'g-2', source: dir.graphPath },
      previous: { version: 'g-1' },
    })
    expect((await json(await postAdmin(app, '/admin/graph/reload'))).result).toBe('unchanged')
  })

  it('answers 422 for a broken file, keeps the old version and sets the metric to 0', async () => {
    const { dir, app } = await fileApp()
    await dir.writeGraph(JSON.stringify({ services: [{ name: 'a' }], edges: [{ from: 'a', to: 'ghost' }] }))
    const res = await postAdmin(app, '/admin/graph/reload')
    expect(res.status).toBe(422)
    const body = await json(res)
    expect(body).toMatchObject({ result: 'failed', current: { version: 'g-1' } })
    expect(body.error).toContain('unknown service "ghost"')
    expect(await (await req(app, '/metrics')).text()).toContain('aiops_graph_last_reload_successful 0')
    expect((await json(await req(app, '/admin/graph', { headers: AUTH }))).reload).toMatchObject({ last_result: 'failed' })
  })

  it('says there is nothing to re-read when serving the embedded defaults', async () => {
    const res = await postAdmin(adminApp(), '/admin/graph/reload')
    expect(res.status).toBe(200)
    expect((await json(res)).result).toBe('no_files')
  })
})

describe('GET /readyz graph age', () => {
  const storeLoadedAgo = (sec: number) =>
    new GraphStore(testSnapshot({ ...servicesDocData(), version: 'g-old' }, [], new Date(Date.now() - sec * 1000).toISOString()))

  it('reports a graph older than AIOPS_GRAPH_MAX_AGE_SEC without failing', async () => {
    const res = await req(makeApp({ env: { AIOPS_GRAPH_MAX_AGE_SEC: '60' }, store: storeLoadedAgo(3600) }), '/readyz')
    expect(res.status).toBe(200)
    const g = (await json(res)).graph
    expect(g).toMatchObject({ version: 'g-old', max_age_sec: 60, stale: true })
    expect(g.age_sec).toBeGreaterThanOrEqual(3600)
    expect(g.warning).toContain('AIOPS_GRAPH_MAX_AGE_SEC=60')
  })

  it('reports the age but no staleness when no maximum is set', async () => {
    const g = (await json(await req(makeApp({ store: storeLoadedAgo(10) }), '/readyz'))).graph
    expect(g).toMatchObject({ max_age_sec: null, stale: false })
  })
})

function servicesDocData() {
  return { version: 'g', source: 'test', hash: 'h', nodes: [{ name: 'a', tier: 'service' as const }], edges: [] }
}

describe('POST /incident during graph changes', () => {
  it('finishes a request in flight on the snapshot it started with', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const shared: string[] = []
    // A pool double that holds the request until the graph has changed, then answers it inline.
    const pool: WorkerPool = {
      share: (text) => void shared.push(JSON.parse(text).snapshot.graph.version),
      run: async (_task, job) => {
        await gate
        return job.inline()
      },
      size: () => 1,
      terminate: async () => {},
    }
    const app = makeApp({ env: { AIOPS_ADMIN_TOKEN: TOKEN }, pool })
    // cart is in the starting graph and not in the uploaded one.
    const inFlight = post(app, '/incident', { alerts: [alert('cart', 'error_rate', 0)] })
    await Bun.sleep(5)
    expect((await put(app, servicesDoc('g-new'))).status).toBe(200)
    release()
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(shared).toEqual(['g-test'])
    expect(JSON.stringify((await json(res)).root_cause)).not.toContain('not in the call graph')
    // The next request meets the new graph, where cart is unknown.
    const next = await json(await post(app, '/incident', { alerts: [alert('cart', 'error_rate', 0)] }))
    expect(shared).toEqual(['g-test', 'g-new'])
    expect(JSON.stringify(next.root_cause)).toContain('not in the call graph')
  })

  it('answers every request with 200 while reloads, uploads and rollbacks happen', async () => {
    const dir = await tempDataDir()
    try {
      const store = new GraphStore(await loadSnapshot(dir.graphPath, dir.historyPath, new Date().toISOString()))
      const app = adminApp({ AIOPS_GRAPH_PATH: dir.graphPath, AIOPS_HISTORY_PATH: dir.historyPath }, store)
      const batch = {
        alerts: [
          alert('payment-db', 'conn_pool_used', 0),
          alert('payment', 'latency_p99_ms', 5),
          alert('checkout', 'error_rate', 9),
          alert('web', 'error_rate', 12),
        ],
      }
      const incidents: Array<Promise<Response>> = []
      const changes: Array<Promise<Response>> = []
      for (let i = 0; i < 60; i++) {
        incidents.push(post(app, '/incident', batch))
        if (i % 6 === 0) changes.push(dir.writeGraph(servicesDoc(`g-${i}`, i % 12 === 0 ? ['search'] : [])).then(() => postAdmin(app, '/admin/graph/reload')))
        if (i % 6 === 2) changes.push(postAdmin(app, '/admin/graph/rollback'))
        if (i % 6 === 4) changes.push(put(app, i % 12 === 4 ? nodeLinkDoc(`nl-${i}`) : servicesDoc(`up-${i}`)))
        if (i % 10 === 0) await Bun.sleep(0) // let file writes and reloads interleave with requests
      }
      const responses = await Promise.all(incidents)
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200))
      for (const r of responses) expect((await json(r)).root_cause.service).toBeString()
      const changeStatuses = (await Promise.all(changes)).map((r) => (r ? r.status : 0))
      // Reloads and uploads all succeed; a rollback may find nothing to go back to only before the first change.
      expect(changeStatuses.filter((s) => s !== 200 && s !== 409)).toEqual([])
      expect(store.generation).toBeGreaterThan(5)
    } finally {
      await dir.cleanup()
    }
  })
})
