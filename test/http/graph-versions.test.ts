/**
 * The admin API over discovered graph versions: POST /admin/graph/reload
 * runs discovery (502 when the source fails, 409 when the shrink guard holds
 * a graph back), GET /admin/graph/versions lists kept versions and the
 * pending candidate, GET /admin/graph/diff compares any two of them, and
 * POST /admin/graph/rollback?to= makes any kept version live; /version and
 * /readyz say where the live graph came from.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { createApp } from '../../src/app.ts'
import { parseConfig } from '../../src/config.ts'
import { jaegerDouble, type Dep } from '../support/jaeger-double.ts'
import { json, makeDeps, req } from '../support/helpers.ts'

const TOKEN = 's3cret-token'
const AUTH = { authorization: `Bearer ${TOKEN}` }
const jaeger = jaegerDouble()
afterAll(() => jaeger.stop())

const dep = (parent: string, child: string): Dep => ({ parent, child, callCount: 60 })
const A = [dep('web', 'api'), dep('api', 'db')]
const B = [...A, dep('api', 'cache')]

function discoveryApp(env: Record<string, string> = {}) {
  const config = parseConfig({
    AIOPS_USE_LLM: 'false',
    AIOPS_ADMIN_TOKEN: TOKEN,
    AIOPS_GRAPH_SOURCE: 'jaeger',
    AIOPS_JAEGER_URL: jaeger.url,
    AIOPS_GRAPH_EDGE_RETENTION_SEC: '0',
    AIOPS_GRAPH_FETCH_TIMEOUT_MS: '500',
    ...env,
  })
  return createApp(makeDeps({ config }))
}
const reload = (app: ReturnType<typeof discoveryApp>) => req(app, '/admin/graph/reload', { method: 'POST', headers: AUTH })
const get = (app: ReturnType<typeof discoveryApp>, path: string) => req(app, path, { headers: AUTH })
const rollback = (app: ReturnType<typeof discoveryApp>, q = '') => req(app, `/admin/graph/rollback${q}`, { method: 'POST', headers: AUTH })

describe('graph versions admin API with discovery', () => {
  it('reload discovers and applies; versions, diff and rollback to an older version follow', async () => {
    const app = discoveryApp()
    jaeger.deps(A)
    const r1 = await reload(app)
    expect(r1.status).toBe(200)
    const v1 = (await json(r1)).version as string
    jaeger.deps(B)
    const v2 = (await json(await reload(app))).version as string
    expect(v2).not.toBe(v1)

    const versions = await json(await get(app, '/admin/graph/versions'))
    expect(versions.live).toBe(v2)
    expect(versions.versions.map((v: { id: string }) => v.id)).toEqual([v2, v1, 'g-test'])
    expect(versions.versions[0]).toMatchObject({ id: v2, source: 'jaeger', node_count: 4, edge_count: 3, live: true })
    expect(versions.versions[2]).toMatchObject({ source: 'file', origin: 'test' })

    expect(await json(await get(app, `/admin/graph/diff?from=${v1}&to=${v2}`))).toEqual({
      from: v1,
      to: v2,
      nodes: { added: ['cache'], removed: [] },
      edges: { added: [{ from: 'api', to: 'cache' }], removed: [] },
      tiers_changed: [],
    })
    // Default: previous → live.
    expect((await json(await get(app, '/admin/graph/diff'))).edges.added).toEqual([{ from: 'api', to: 'cache' }])
    const unknown = await get(app, '/admin/graph/diff?from=nope')
    expect(unknown.status).toBe(404)
    expect((await json(unknown)).message).toContain('nope')

    // Back two versions, to the file graph the service started with.
    const rb = await rollback(app, '?to=g-test')
    expect(rb.status).toBe(200)
    expect(await json(rb)).toMatchObject({ result: 'rolled_back', current: { version: 'g-test' }, previous: { version: v2 } })
    expect((await json(await req(app, '/version'))).graph_source).toBe('file')
    // The same discovered content is not applied over the operator's rollback.
    expect((await json(await reload(app))).result).toBe('unchanged')
    expect((await json(await req(app, '/version'))).graph_version).toBe('g-test')
    expect((await rollback(app, '?to=nope')).status).toBe(404)
    expect(await json(await rollback(app, '?to=g-test'))).toMatchObject({ result: 'already_live' })
    // Without ?to: the previous one, as before.
    expect(await json(await rollback(app))).toMatchObject({ result: 'rolled_back', current: { version: v2 } })
  })

  it('shows graph_source, version, age and counts in /version and /readyz', async () => {
    const app = discoveryApp()
    jaeger.deps(B)
    await reload(app)
    const v = await json(await req(app, '/version'))
    expect(v).toMatchObject({ graph_source: 'jaeger', graph_origin: 'jaeger', graph_node_count: 4, graph_edge_count: 3 })
    expect(v.graph_version).toMatch(/^jaeger-/)
    expect(v.graph_age_sec).toBeGreaterThanOrEqual(0)
    const ready = await json(await req(app, '/readyz'))
    expect(ready.graph).toMatchObject({ source: 'jaeger', version: v.graph_version, node_count: 4, edge_count: 3 })
    const metrics = await (await req(app, '/metrics')).text()
    expect(metrics).toContain('aiops_graph_refreshes_total{source="jaeger",outcome="applied"} 1')
    expect(metrics).toMatch(/aiops_graph_age_seconds \d/)
    expect(metrics).toContain('aiops_graph_last_change_edges{change="added"} 3')
  })

  it('answers 502 naming the source when it fails, and 409 with the candidate when the guard holds a graph back', async () => {
    const app = discoveryApp()
    jaeger.deps(B)
    await reload(app)
    jaeger.respond(() => new Response('bad gateway', { status: 502 }))
    const failed = await reload(app)
    expect(failed.status).toBe(502)
    expect(await json(failed)).toMatchObject({ result: 'failed', source: 'jaeger', reason: 'http_error' })

    jaeger.deps([dep('web', 'api')]) // 2 of 3 edges gone
    const held = await reload(app)
    expect(held.status).toBe(409)
    const body = await json(held)
    expect(body).toMatchObject({ result: 'rejected' })
    const versions = await json(await get(app, '/admin/graph/versions'))
    expect(versions.candidate).toMatchObject({ id: body.candidate, source: 'jaeger', edge_count: 1, reason: { kind: 'shrink', max_shrink: 0.5 } })
    // The candidate can be compared with the live graph before anyone applies it.
    const d = await json(await get(app, `/admin/graph/diff?to=${body.candidate}&from=${versions.live}`))
    expect(d.edges.removed).toEqual([
      { from: 'api', to: 'cache' },
      { from: 'api', to: 'db' },
    ])
  })
})

describe('GET /admin/graph with discovery', () => {
  it('reports the discovery status beside the file reloader', async () => {
    const app = discoveryApp()
    jaeger.deps(A)
    await reload(app)
    const body = await json(await get(app, '/admin/graph'))
    expect(body.discovery).toMatchObject({ source: 'jaeger', mode: 'apply', last_result: 'applied', last_error: null, edges_remembered: 2 })
    expect(body.reload.graph_path).toBeNull() // the file graph is not re-read over a discovered one
  })

  it('answers 422 naming the parameter for an over-long version id', async () => {
    const res = await get(discoveryApp(), `/admin/graph/diff?from=${'x'.repeat(300)}`)
    expect(res.status).toBe(422)
    expect((await json(res)).field).toBe('from')
  })
})
