import { describe, expect, it } from 'bun:test'
import { createApp } from '../../src/app.ts'
import { GraphStore } from '../../src/graph/store.ts'
import { createLifecycle } from '../../src/lifecycle.ts'
import { alert, json, makeApp, makeDeps, post, req } from '../support/helpers.ts'

describe('ops routes', () => {
  it('GET /healthz answers 200 {"status":"ok"} with a timing header', async () => {
    const res = await req(makeApp(), '/healthz')
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ status: 'ok' })
    expect(res.headers.get('x-response-time-ms')).not.toBeNull()
  })

  it('GET /readyz answers 200 when graph and history are loaded', async () => {
    const res = await req(makeApp(), '/readyz')
    expect(res.status).toBe(200)
    expect((await json(res)).checks).toEqual({ graph: 'ok', history: 'ok' })
  })

  it('GET /readyz answers 503 naming the failed checks when nothing is loaded', async () => {
    const res = await req(makeApp({ store: new GraphStore() }), '/readyz')
    expect(res.status).toBe(503)
    expect((await json(res)).failed).toEqual(['graph', 'history'])
  })

  it('GET /readyz answers 503 naming the shutdown check while the replica drains', async () => {
    const lifecycle = createLifecycle()
    const app = createApp({ ...makeDeps(), lifecycle })
    expect((await req(app, '/readyz')).status).toBe(200)
    lifecycle.draining = true
    const res = await req(app, '/readyz')
    expect(res.status).toBe(503)
    expect((await json(res)).failed).toEqual(['shutdown'])
  })

  it('GET /readyz reports the LLM set-up without failing on it', async () => {
    const res = await req(makeApp({ env: { AIOPS_USE_LLM: 'true' } }), '/readyz')
    expect(res.status).toBe(200)
    expect((await json(res)).llm).toMatchObject({ enabled: false, reason: 'no-key' })
  })

  it('GET /version names the live graph and the pipeline config', async () => {
    const body = await json(req(makeApp({ env: { AIOPS_GAP_SEC: '90', AIOPS_RCA_METHOD: 'pagerank' } }), '/version'))
    expect(body).toMatchObject({ graph_version: 'g-test', graph_source: 'file', graph_origin: 'test', graph_node_count: 7, graph_edge_count: 6 })
    expect(body.graph_loaded_at).toBe('2026-01-01T00:00:00Z')
    expect(body.pipeline_config).toEqual({ gap_sec: 90, max_hop: 2, rca_method: 'pagerank', llm_model: 'gpt-4o-mini', use_llm: false })
    expect(typeof body.version).toBe('string')
  })

  it('GET /metrics exposes the request counter and latency histogram after a request', async () => {
    const app = makeApp()
    await post(app, '/incident', { alerts: [alert('payment', 'error_rate', 0)] })
    await post(app, '/incident', { alerts: [] })
    await Bun.sleep(5) // counted after the response is sent
    const text = await (await req(app, '/metrics')).text()
    expect(text).toContain('aiops_incident_requests_total{status="200"} 1')
    expect(text).toContain('aiops_incident_requests_total{status="400"} 1')
    expect(text).toContain('aiops_incident_latency_seconds_bucket')
    expect(text).toContain('aiops_clusters_per_request_bucket')
    expect(text).toContain('# TYPE aiops_llm_failures_total counter')
  })

  it('GET /swagger serves the page with its script from this server, and the OpenAPI JSON', async () => {
    const app = makeApp()
    const page = await (await req(app, '/swagger')).text()
    expect(page).toContain('/swagger-assets/scalar.js')
    expect(page).not.toContain('cdn.jsdelivr.net')
    const js = await req(app, '/swagger-assets/scalar.js')
    expect(js.status).toBe(200)
    const spec = await json(req(app, '/swagger/json'))
    expect(Object.keys(spec.paths)).toContain('/incident')
  })

  it('answers an unknown route with a JSON 404', async () => {
    const res = await req(makeApp(), '/nope')
    expect(res.status).toBe(404)
    expect((await json(res)).error).toBe('not_found')
  })
})
