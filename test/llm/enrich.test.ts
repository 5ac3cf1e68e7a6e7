/**
 * POST /incident with the LLM layer on, end to end: the app's real `openai`
 * SDK client talks to the fake OpenAI-compatible server on loopback. Each app
 * gets a unique model name, so cache keys never collide across tests or runs.
 */
import { afterAll, beforeEach, describe, expect, it } from 'bun:test'
import { Registry } from 'prom-client'
import { parseConfig } from '../../src/config.ts'
import { createLlmLayer, type LlmLayer } from '../../src/llm/setup.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import type { AppDeps } from '../../src/app.ts'
import { cascade } from '../support/fixtures/cascade.ts'
import { startFakeLlm } from '../support/fake-llm.ts'
import { alert, incidentWorkerPool, makeApp, post, req } from '../support/helpers.ts'

const fake = startFakeLlm()
const layers: LlmLayer[] = []
afterAll(async () => {
  for (const l of layers) l.close()
  await fake.stop()
})
beforeEach(() => fake.reset())

function llmApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  const config = parseConfig({
    AIOPS_USE_LLM: 'true',
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: fake.baseURL,
    AIOPS_LLM_MODEL: `model-${crypto.randomUUID()}`,
    AIOPS_LLM_TIMEOUT_MS: '300',
    AIOPS_LLM_DEADLINE_MS: '1500',
    AIOPS_LLM_SKIP_CONFIDENCE: '1', // always ask, whatever the graph's confidence
    ...env,
  })
  const metrics = createMetrics(new Registry())
  const llm = createLlmLayer(config, metrics, silentLogger)
  if (llm) layers.push(llm)
  return { app: makeApp({ config, metrics, llm, ...deps }), metrics, llm }
}

async function incident(app: ReturnType<typeof makeApp>, alerts = cascade()) {
  const res = await post(app, '/incident', { alerts })
  expect(res.status).toBe(200)
  return { body: (await res.json()) as any }
}

const metricsText = async (app: ReturnType<typeof makeApp>) => (await req(app, '/metrics')).text()

describe('POST /incident with the LLM', () => {
  it('keeps whole requests off the workers, which have no LLM: the model still answers', async () => {
    fake.answer = { root_cause: 'payment', confidence: 0.7, rationale: 'payment broke first.', actions: ['Roll back payment'] }
    const { pool, seen } = incidentWorkerPool()
    try {
      const { app } = llmApp({}, { pool })
      const { body } = await incident(app)
      expect(body.root_cause.method).toBe('llm')
      expect(seen.worker).toBe(0)
    } finally {
      await pool.terminate()
    }
  })

  it('shows the model the similar incidents of every cluster it asks about, not only the primary', async () => {
    fake.answer = { root_cause: 'cart-cache', confidence: 0.6, rationale: 'cache ran out of memory.', actions: [] }
    const { app } = llmApp()
    // Two incidents an hour apart: the payment cascade (primary) and a cart-cache one.
    const second = [alert('cart-cache', 'mem_util', 3600, { severity: 'critical', value: 99, threshold: 90 }), alert('cart', 'latency_p99_ms', 3620)]
    await incident(app, [...cascade(), ...second])
    const prompts: string[] = fake.bodies.map((b: any) => b.messages[1].content)
    expect(prompts.length).toBe(2)
    const cartPrompt = prompts.find((p) => p.endsWith('Allowed root_cause values: cart, cart-cache'))!
    expect(cartPrompt).toBeDefined()
    expect(cartPrompt.split('Similar past incidents:')[1]).toMatch(/similarity/)
  })

  it('uses a good answer: root, confidence, rationale and actions from the model, method llm', async () => {
    fake.answer = { root_cause: 'payment', confidence: 0.7, rationale: 'payment broke first.', actions: ['Roll back payment'] }
    const { app } = llmApp()
    const { body } = await incident(app)
    expect(body.root_cause).toMatchObject({ service: 'payment', confidence: 0.7, method: 'llm', rationale: 'payment broke first.' })
    expect(body.recommended_actions[0]).toBe('Roll back payment')
    expect(body.clusters[0].root_cause.method).toBe('llm')
    expect(fake.calls).toBe(1)
    expect(fake.bodies[0].response_format).toEqual({ type: 'json_object' })
    expect(fake.bodies[0].messages[1].content).toContain('Allowed root_cause values:')
  })

  it('keeps the graph root and its actions when the model agrees with it', async () => {
    const { app } = llmApp()
    const { body } = await incident(app)
    expect(body.root_cause.service).toBe('payment-db')
    expect(body.root_cause.method).toBe('llm')
    expect(body.recommended_actions).toContain('Raise payment-db max_connections')
  })

  it('answers from the graph inside the deadline when the provider hangs', async () => {
    fake.mode = 'hang'
    // Without the deadline the answer would wait out two retries of a minute each, far past this test's timeout.
    const { app } = llmApp({ AIOPS_LLM_TIMEOUT_MS: '60000', AIOPS_LLM_MAX_RETRIES: '2', AIOPS_LLM_DEADLINE_MS: '300' })
    const { body } = await incident(app)
    expect(body.root_cause).toMatchObject({ service: 'payment-db', method: 'graph-fallback-timeout' })
    expect(body.root_cause.rationale).toBeUndefined()
    expect(await metricsText(app)).toContain('aiops_llm_failures_total{reason="timeout"} 1')
  })

  it('stops calling a hanging provider once the circuit opens, answering from the graph at once', async () => {
    fake.mode = 'hang'
    const { app } = llmApp({ AIOPS_LLM_DEADLINE_MS: '300', AIOPS_LLM_BREAKER_FAILURES: '1', AIOPS_LLM_BREAKER_COOLDOWN_SEC: '60' })
    expect((await incident(app)).body.root_cause.method).toBe('graph-fallback-timeout')
    const calls = fake.calls
    const next = await incident(app)
    expect(next.body.root_cause).toMatchObject({ service: 'payment-db', method: 'graph-fallback-circuit_open' })
    expect(fake.calls).toBe(calls)
    expect(((await (await req(app, '/readyz')).json()) as any).llm.circuit).toBe('open')
  })

  for (const [mode, reason] of [
    ['status500', 'http_5xx'],
    ['status429', 'rate_limited'],
  ] as const) {
    it(`retries a ${reason} answer twice, then answers from the graph (graph-fallback-${reason})`, async () => {
      fake.mode = mode
      const { app } = llmApp({ AIOPS_LLM_MAX_RETRIES: '2' })
      const { body } = await incident(app)
      expect(fake.calls).toBe(3)
      expect(body.root_cause).toMatchObject({ service: 'payment-db', method: `graph-fallback-${reason}` })
      expect(await metricsText(app)).toContain(`aiops_llm_failures_total{reason="${reason}"} 1`)
    })
  }

  for (const [mode, reason, what] of [
    ['malformed', 'parse_error', 'a malformed'], // not JSON at all
    ['outside', 'invalid_root', 'an out-of-candidate'], // names a service that is neither candidate nor alerting
  ] as const) {
    it(`discards ${what} answer and keeps the graph root (graph-fallback-${reason})`, async () => {
      fake.mode = mode
      const { app } = llmApp()
      const { body } = await incident(app)
      expect(fake.calls).toBe(1)
      expect(body.root_cause).toMatchObject({ service: 'payment-db', method: `graph-fallback-${reason}` })
      expect(await metricsText(app)).toContain(`aiops_llm_requests_total{outcome="rejected"} 1`)
    })
  }

  it('serves an identical second request from the cache without calling the provider', async () => {
    const { app } = llmApp()
    const alerts = cascade()
    expect((await incident(app, alerts)).body.root_cause.method).toBe('llm')
    const again = await incident(app, alerts)
    expect(again.body.root_cause.method).toBe('llm-cache')
    expect(again.body.root_cause.rationale).toBeString()
    expect(fake.calls).toBe(1)
    const text = await metricsText(app)
    expect(text).toContain('aiops_llm_cache_hits_total 1')
    expect(text).toContain('aiops_llm_cache_misses_total 1')
    expect(text).toContain('aiops_llm_latency_seconds_count 1')
  })

  it('makes no call and says graph-only-flag-off when AIOPS_USE_LLM=false', async () => {
    const { app, llm } = llmApp({ AIOPS_USE_LLM: 'false' })
    expect(llm).toBeUndefined()
    const { body } = await incident(app)
    expect(body.root_cause.method).toBe('graph-only-flag-off')
    expect(fake.calls).toBe(0)
  })

  it('makes no call and says graph-only-no-key without an API key', async () => {
    const { app, llm } = llmApp({ OPENAI_API_KEY: '' })
    expect(llm).toBeUndefined()
    expect((await incident(app)).body.root_cause.method).toBe('graph-only-no-key')
    expect(fake.calls).toBe(0)
  })

  it('skips the LLM and keeps the graph method when the graph is confident enough', async () => {
    const { app } = llmApp({ AIOPS_LLM_SKIP_CONFIDENCE: '0' })
    expect((await incident(app)).body.root_cause.method).toBe('graph-explain')
    expect(fake.calls).toBe(0)
  })

  it('enriches the clusters of one batch concurrently, never more than AIOPS_LLM_CONCURRENCY at once', async () => {
    fake.delayMs = 100
    const { app } = llmApp({ AIOPS_LLM_CONCURRENCY: '2', AIOPS_LLM_MAX_CLUSTERS: '10', AIOPS_LLM_SKIP_CONFIDENCE: '1' })
    // Four caller/callee pairs an hour apart: four clusters; skipping is off so each goes to the LLM.
    const pairs = [
      ['payment-db', 'payment'],
      ['cart-cache', 'cart'],
      ['search', 'web'],
      ['payment', 'checkout'],
    ] as const
    const alerts = pairs.flatMap(([callee, caller], i) => [
      alert(callee, 'cpu_util', i * 3600, { severity: 'critical' }),
      alert(caller, 'latency_p99_ms', i * 3600 + 10),
    ])
    const { body } = await incident(app, alerts)
    expect(body.clusters.length).toBe(4)
    expect(fake.calls).toBe(4)
    // Two at once, never more: two rounds of two, not four in a row.
    expect(fake.maxInFlight).toBe(2)
    for (const c of body.clusters) expect(c.root_cause.method).toBe('llm')
  })
})

describe('GET /readyz with the LLM', () => {
  it('reports the LLM and its cache and stays 200 while Redis is unreachable', async () => {
    const { app } = llmApp({ AIOPS_REDIS_URL: 'redis://127.0.0.1:1' })
    const res = await req(app, '/readyz')
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.llm).toMatchObject({ enabled: true, reason: 'configured', cache: { backend: 'redis', redis: 'down' } })
  })
})
