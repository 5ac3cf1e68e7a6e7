/**
 * The shared Redis cache with a real redis-server (a throwaway one on a free
 * loopback port, or the one AIOPS_TEST_REDIS_URL names; skipped only when
 * neither is there): two app instances, each with its own memory level, share
 * answers, so the second replica asks the provider nothing; an outage falls
 * back to memory and Redis is used again once it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { Registry } from 'prom-client'
import { parseConfig } from '../../src/config.ts'
import { createLlmLayer, type LlmLayer } from '../../src/llm/setup.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { createMemoryCache, createRedisCache } from '../../src/llm/cache.ts'
import { alert, makeApp, post, req } from '../support/helpers.ts'
import { startFakeLlm } from '../support/fake-llm.ts'
import { hasRedis, REDIS_SERVER, startRedis, type TestRedis, testRedis } from '../support/redis.ts'

describe.skipIf(!hasRedis)('llm cache on Redis', () => {
  const fake = startFakeLlm()
  const layers: LlmLayer[] = []
  let redis: TestRedis
  beforeAll(async () => {
    redis = await testRedis()
  })
  afterAll(async () => {
    for (const l of layers) l.close()
    await fake.stop()
    await redis?.stop()
  })

  async function replica(model: string) {
    const config = parseConfig({
      AIOPS_USE_LLM: 'true',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseURL,
      AIOPS_LLM_MODEL: model,
      AIOPS_LLM_SKIP_CONFIDENCE: '1',
      AIOPS_REDIS_URL: redis.url,
    })
    const llm = createLlmLayer(config, createMetrics(new Registry()), silentLogger)!
    layers.push(llm)
    expect(await llm.cache.ready()).toBe(true)
    return { app: makeApp({ config, llm }), llm }
  }

  const batch = () => [
    alert('payment-db', 'conn_pool_used', 0, { severity: 'critical' }),
    alert('payment', 'latency_p99_ms', 20),
    alert('checkout', 'error_rate', 45),
  ]

  it("lets a second app instance answer from the first one's cached LLM answer with no provider call", async () => {
    const model = `model-${crypto.randomUUID()}` // a fresh key space: a server named by AIOPS_TEST_REDIS_URL keeps earlier runs' answers
    const a = await replica(model)
    const b = await replica(model)
    const alerts = batch()
    const first = (await (await post(a.app, '/incident', { alerts })).json()) as any
    expect(first.root_cause.method).toBe('llm')
    expect(fake.calls).toBe(1)
    await Bun.sleep(50) // the write to Redis is not awaited by the request
    const second = (await (await post(b.app, '/incident', { alerts })).json()) as any
    expect(second.root_cause.method).toBe('llm-cache')
    expect(second.root_cause.rationale).toBe(first.root_cause.rationale)
    expect(fake.calls).toBe(1)
  })

  it('reports redis up in /readyz', async () => {
    const { app } = await replica(`model-${crypto.randomUUID()}`)
    const body = (await (await req(app, '/readyz')).json()) as any
    expect(body.llm.cache).toMatchObject({ backend: 'redis', redis: 'up' })
  })

  // Stops and restarts its own server, so it needs the binary even when a URL is given.
  it.skipIf(!REDIS_SERVER)('runs on memory while its Redis is down and uses Redis again once it is back', async () => {
    let server = await startRedis()
    const { port } = server
    const waitFor = async (cond: () => Promise<boolean> | boolean) => {
      for (let i = 0; i < 100 && !(await cond()); i++) await Bun.sleep(50)
    }
    // A command timeout far past the test's own: if the fallback waited on Redis while it is down, the test would time out.
    const cache = createRedisCache(createMemoryCache(10, 60), {
      url: server.url,
      ttlSec: 60,
      logger: silentLogger,
      reconnectEveryMs: 200,
      opTimeoutMs: 600_000,
    })
    try {
      await waitFor(() => cache.ready())
      await waitFor(() => cache.status().redis === 'up')
      expect(cache.status().redis).toBe('up')
      await server.stop()
      await waitFor(() => cache.status().redis === 'down')
      expect(cache.status().redis).toBe('down')
      await cache.set('k', { root_cause: 'x', confidence: 1, rationale: 'r', actions: [] })
      expect((await cache.get('k'))?.root_cause).toBe('x')
      server = await startRedis(port)
      await waitFor(async () => (await cache.get('nothing'), cache.status().redis === 'up'))
      expect(cache.status().redis).toBe('up')
    } finally {
      cache.close()
      await server.stop()
    }
  })
})
