import { afterAll, describe, expect, it } from 'bun:test'
import { type AppDeps, createApp, createShadow } from '../../src/app.ts'
import type { WorkerPool } from '../../src/workers/pool.ts'
import { fromAlertmanager } from '../../src/integrations/alertmanager.ts'
import { LiveSettings } from '../../src/live-settings.ts'
import { triageOptions } from '../../src/settings.ts'
import type { CandidateAnalyzer } from '../../src/shadow/candidate-run.ts'
import { Registry } from 'prom-client'
import { parseConfig } from '../../src/config.ts'
import { createLlmLayer } from '../../src/llm/setup.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { servicesDoc } from '../support/fixtures/graph-docs.ts'
import { startFakeLlm } from '../support/fake-llm.ts'
import { jaegerDouble } from '../support/jaeger-double.ts'
import { incidentWorkerPool, json, makeApp, makeDeps, post, req } from '../support/helpers.ts'
import { cartCascade, paymentCascade } from '../support/fixtures/shadow-batches.ts'

const TOKEN = 'shadow-e2e-token'
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
// The shop graph without payment → payment-db, in services.json format.
const SHOP_WITHOUT_DB_EDGE = {
  version: 'g-candidate',
  services: ['web', 'checkout', 'payment', 'payment-db', 'cart', 'cart-cache', 'search'].map((name) => ({ name })),
  edges: [
    ['web', 'checkout'],
    ['checkout', 'payment'],
    ['checkout', 'cart'],
    ['cart', 'cart-cache'],
    ['web', 'search'],
  ].map(([from, to]) => ({ from: from!, to: to! })),
}

/** An app with shadowing and admin routes, and a handle on its shadow to wait for queued comparisons. */
function shadowedApp(
  opts: Pick<Partial<AppDeps>, 'config' | 'metrics' | 'llm' | 'pool'> & { env?: Record<string, string>; shadowAnalyzer?: CandidateAnalyzer } = {},
) {
  const { env, shadowAnalyzer, ...over } = opts
  const deps = makeDeps({ ...over, env: { AIOPS_ADMIN_TOKEN: TOKEN, ...env } })
  const settings = new LiveSettings(triageOptions(deps.config))
  const shadow = createShadow({ ...deps, shadowAnalyzer }, settings)
  const app = createApp({ ...deps, settings, shadow })
  const admin = (method: string, path: string, body?: unknown) =>
    req(app, path, { method, headers: AUTH, body: body === undefined ? undefined : JSON.stringify(body) })
  return { app, shadow, deps, admin }
}

const workers: WorkerPool[] = []
afterAll(() => Promise.all(workers.map((p) => p.terminate())))

/** One real worker, counting where requests were answered; terminated after the file. */
function workerPool() {
  const counted = incidentWorkerPool()
  workers.push(counted.pool)
  return counted
}

describe('shadowing live traffic', () => {
  it('compares live POST /incident answers with the candidate, disagreeing only where the missing edge matters', async () => {
    const { app, shadow, admin } = shadowedApp()
    expect((await admin('PUT', '/admin/shadow', { graph: SHOP_WITHOUT_DB_EDGE })).status).toBe(200)
    const live = await json(post(app, '/incident', { alerts: paymentCascade() }))
    expect(live.root_cause.service).toBe('payment-db') // the live answer is the live graph's
    await shadow.idle()
    await post(app, '/incident', { alerts: cartCascade() })
    await shadow.idle()
    const report = await json(admin('GET', '/admin/shadow'))
    expect(report).toMatchObject({ compared: 2, agreement: { root_cause: 0.5 }, candidate: { graph: { version: 'g-candidate', from: 'upload' } } })
    expect(report.disagreements).toHaveLength(1)
    expect(report.disagreements[0]).toMatchObject({ source: 'live', live: { root: 'payment-db' } })
    const metrics = await (await req(app, '/metrics')).text()
    expect(metrics).toContain('aiops_shadow_requests_total{outcome="compared"} 2')
    expect(metrics).toContain('aiops_shadow_candidate_info{graph_version="g-candidate"')
  })

  it('shadows POST /alertmanager deliveries too', async () => {
    const { app, shadow, admin } = shadowedApp()
    await admin('PUT', '/admin/shadow', { config: { max_hop: 1 } })
    const alerts = cartCascade()
    const webhook = {
      version: '4',
      groupKey: 'g',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'r',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts: alerts.map((a, i) => ({
        status: 'firing',
        labels: { alertname: a.metric, service: a.service, severity: a.severity },
        annotations: {},
        startsAt: new Date(Number(a.ts) * 1000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: `f${i}`,
      })),
    }
    expect(fromAlertmanager(webhook as never).alerts).toHaveLength(2)
    expect((await post(app, '/alertmanager', webhook)).status).toBe(200)
    await shadow.idle()
    expect(await json(admin('GET', '/admin/shadow'))).toMatchObject({ compared: 1 })
  })

  it('shadows requests a worker answered whole, parsing their alerts only for the candidate', async () => {
    const { pool, seen } = workerPool()
    const { app, shadow, admin } = shadowedApp({ pool })
    await admin('PUT', '/admin/shadow', { graph: SHOP_WITHOUT_DB_EDGE })
    const res = await post(app, '/incident', { alerts: paymentCascade() })
    expect((await json(res)).root_cause.service).toBe('payment-db')
    await shadow.idle()
    expect(await json(admin('GET', '/admin/shadow'))).toMatchObject({ compared: 1, agreement: { root_cause: 0 } })
    expect(seen.worker).toBe(1) // the live answer came from the worker
  })

  it('never fails or changes a live answer when the candidate throws', async () => {
    const alerts = paymentCascade()
    const plain = await (await post(makeApp(), '/incident', { alerts })).text()
    const { app, shadow, admin } = shadowedApp({
      shadowAnalyzer: () => {
        throw new Error('candidate exploded')
      },
    })
    await admin('PUT', '/admin/shadow', { graph: SHOP_WITHOUT_DB_EDGE })
    const res = await post(app, '/incident', { alerts })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(plain)
    await shadow.idle()
    expect(await json(admin('GET', '/admin/shadow'))).toMatchObject({ compared: 0, skipped: { failed: 1 } })
  })

  it('skips and counts batches while the queue is full, and live requests keep answering', async () => {
    // A candidate that never finishes holds the one queue slot for the whole test.
    const { app, admin } = shadowedApp({ env: { AIOPS_SHADOW_QUEUE: '1' }, shadowAnalyzer: () => new Promise(() => {}) })
    await admin('PUT', '/admin/shadow', { config: { gap_sec: 300 } })
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(app, '/incident', { alerts: cartCascade() })))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(await json(admin('GET', '/admin/shadow'))).toMatchObject({ compared: 0, skipped: { queue_full: 4 }, queue: { size: 1, capacity: 1 } })
    expect(await (await req(app, '/metrics')).text()).toContain('aiops_shadow_requests_total{outcome="skipped"} 4')
  })

  it('samples: AIOPS_SHADOW_SAMPLE=0 offers nothing to the candidate', async () => {
    const { app, shadow, admin } = shadowedApp({ env: { AIOPS_SHADOW_SAMPLE: '0' } })
    await admin('PUT', '/admin/shadow', { config: { gap_sec: 300 } })
    await post(app, '/incident', { alerts: cartCascade() })
    await shadow.idle()
    expect(await json(admin('GET', '/admin/shadow'))).toMatchObject({ compared: 0, not_sampled: 1 })
  })
})

describe('shadowing with the LLM layer on', () => {
  const fake = startFakeLlm()
  afterAll(() => fake.stop())

  it('compares the candidate with the live graph answer, not with what the LLM made of it', async () => {
    fake.answer = { root_cause: 'checkout', confidence: 0.9 }
    const config = parseConfig({
      AIOPS_USE_LLM: 'true',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseURL,
      AIOPS_LLM_MODEL: `model-${crypto.randomUUID()}`,
      AIOPS_LLM_SKIP_CONFIDENCE: '1',
      AIOPS_ADMIN_TOKEN: TOKEN,
    })
    const metrics = createMetrics(new Registry())
    const llm = createLlmLayer(config, metrics, silentLogger)!
    const { app, shadow, admin } = shadowedApp({ config, metrics, llm })
    // The same settings as live: only the LLM could make the two differ.
    await admin('PUT', '/admin/shadow', { config: { gap_sec: 120 } })
    const live = await json(post(app, '/incident', { alerts: paymentCascade() }))
    expect(live.root_cause).toMatchObject({ service: 'checkout', method: 'llm' })
    await shadow.idle()
    expect(await json(admin('GET', '/admin/shadow'))).toMatchObject({ compared: 1, agreement: { root_cause: 1 }, disagreements: [] })
    llm.close()
  })
})

describe('promoting rca_method with the LLM layer on', () => {
  it('labels the clusters the LLM was not asked about with the promoted method', async () => {
    // Skip confidence 0: the LLM is asked about nothing, so the graph's method labels the answer.
    const config = parseConfig({
      AIOPS_USE_LLM: 'true',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      AIOPS_LLM_SKIP_CONFIDENCE: '0',
      AIOPS_ADMIN_TOKEN: TOKEN,
    })
    const metrics = createMetrics(new Registry())
    const llm = createLlmLayer(config, metrics, silentLogger)!
    const app = createApp(makeDeps({ config, metrics, llm }))
    expect((await json(post(app, '/incident', { alerts: cartCascade() }))).root_cause.method).toBe('graph-explain')
    await req(app, '/admin/shadow', { method: 'PUT', headers: AUTH, body: JSON.stringify({ config: { rca_method: 'pagerank' } }) })
    await req(app, '/admin/shadow/promote', { method: 'POST', headers: AUTH })
    expect((await json(post(app, '/incident', { alerts: cartCascade() }))).root_cause.method).toBe('graph-pagerank')
    llm.close()
  })
})

describe('shadowing a discovered graph (AIOPS_GRAPH_REFRESH_MODE=shadow)', () => {
  const jaeger = jaegerDouble()
  afterAll(() => jaeger.stop())

  it('takes the graph discovery did not apply as the candidate, keeps it pending in /admin/graph/versions, and compares it', async () => {
    // Jaeger sees the shop without payment → payment-db: the candidate lacks the edge that explains the cascade.
    jaeger.deps(
      [
        ['web', 'checkout'],
        ['checkout', 'payment'],
        ['checkout', 'cart'],
        ['cart', 'cart-cache'],
      ].map(([parent, child]) => ({ parent: parent!, child: child!, callCount: 100 })),
    )
    const { app, shadow, admin } = shadowedApp({ env: { AIOPS_GRAPH_SOURCE: 'jaeger', AIOPS_JAEGER_URL: jaeger.url, AIOPS_GRAPH_REFRESH_MODE: 'shadow' } })
    expect(await json(admin('POST', '/admin/graph/reload'))).toMatchObject({ result: 'candidate' })
    expect((await json(admin('GET', '/admin/graph/versions'))).candidate).toMatchObject({ source: 'jaeger' })
    expect((await json(post(app, '/incident', { alerts: paymentCascade() }))).root_cause.service).toBe('payment-db')
    await shadow.idle()
    expect(await json(admin('GET', '/admin/shadow'))).toMatchObject({
      candidate: { graph: { from: 'discovery' }, reason: 'discovery:changed' },
      compared: 1,
      agreement: { root_cause: 0 },
    })
  })
})

describe('promoting a shadow candidate', () => {
  it('makes its settings what live requests run with and what /version shows', async () => {
    const { app, admin } = shadowedApp()
    const before = await json(post(app, '/incident', { alerts: paymentCascade() }))
    expect(before.clusters).toHaveLength(1)
    await admin('PUT', '/admin/shadow', { config: { gap_sec: 1 } })
    expect((await admin('POST', '/admin/shadow/promote')).status).toBe(200)
    expect((await json(req(app, '/version'))).pipeline_config).toMatchObject({ gap_sec: 1, max_hop: 2, rca_method: 'explain' })
    // Alerts 15–20 s apart no longer link with a 1 s gap.
    expect((await json(post(app, '/incident', { alerts: paymentCascade() }))).clusters.length).toBeGreaterThan(1)
  })

  it('reaches the workers: a worker-answered request runs with the promoted settings', async () => {
    const { pool, seen } = workerPool()
    const { app, admin } = shadowedApp({ pool })
    const alerts = paymentCascade()
    expect((await json(post(app, '/incident', { alerts }))).clusters).toHaveLength(1)
    await admin('PUT', '/admin/shadow', { config: { gap_sec: 1 } })
    await admin('POST', '/admin/shadow/promote')
    expect((await json(post(app, '/incident', { alerts }))).clusters.length).toBeGreaterThan(1)
    expect(seen).toMatchObject({ worker: 2, inline: 0 })
  })

  it('makes its graph a new live version that POST /admin/graph/rollback leaves', async () => {
    const { app, admin } = shadowedApp()
    await admin('PUT', '/admin/shadow', { graph: servicesDoc('g-promoted') })
    expect(await json(admin('POST', '/admin/shadow/promote'))).toMatchObject({ result: 'promoted', graph_version: 'g-promoted' })
    expect((await json(req(app, '/version'))).graph_version).toBe('g-promoted')
    expect((await admin('POST', '/admin/graph/rollback')).status).toBe(200)
    expect((await json(req(app, '/version'))).graph_version).toBe('g-test')
  })
})
