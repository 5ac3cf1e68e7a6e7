/**
 * LLM enrichment benchmark: POST /incident latency over real HTTP on loopback
 * with the fake OpenAI-compatible server answering in 0 ms, in 500 ms and
 * never (hang: with the breaker off, the deadline alone bounds each request;
 * with the defaults, the breaker also stops the calls), against the LLM off; then the cache hit rate when the same batches come back in rounds.
 * Every scenario gets a fresh app and model name, so caches start empty.
 * Run: bun run bench:llm   (about 30 s; prints a Markdown table)
 */
import { Registry } from 'prom-client'
import { createApp } from '../../src/app.ts'
import { parseConfig } from '../../src/config.ts'
import type { Alert } from '../../src/domain/model.ts'
import { loadSnapshot } from '../../src/graph/load.ts'
import { GraphStore } from '../../src/graph/store.ts'
import { createLlmLayer } from '../../src/llm/setup.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { startFakeLlm, type FakeMode } from '../../test/support/fake-llm.ts'
import { percentile } from '../common/stats.ts'

const RESOURCE = ['cpu_util', 'mem_util', 'conn_pool_used', 'disk_util']
const CONCURRENCY = 8

const snapshot = await loadSnapshot(undefined, undefined, new Date().toISOString())
const store = new GraphStore(snapshot)
const graph = snapshot.graph.data
const callers = new Map<string, string[]>()
for (const e of graph.edges) callers.set(e.to, [...(callers.get(e.to) ?? []), e.from])

/** Batch i: a root with a resource alert, its callers (and theirs) with symptoms after it. */
function batch(i: number): Alert[] {
  const nodes = graph.nodes
  const root = nodes[i % nodes.length]!.name
  const metric = RESOURCE[Math.floor(i / nodes.length) % RESOURCE.length]!
  const t0 = 1_780_000_000 + i * 7200
  const alerts: Alert[] = [{ id: `b${i}-0`, ts: t0, service: root, metric, severity: 'critical', value: 97, threshold: 90, labels: {} }]
  const hop1 = callers.get(root) ?? []
  const hop2 = hop1.flatMap((c) => callers.get(c) ?? [])
  for (const [k, s] of [...new Set([...hop1, ...hop2])].entries()) {
    alerts.push({
      id: `b${i}-${k + 1}`,
      ts: t0 + 15 + k * 5,
      service: s,
      metric: k % 2 ? 'error_rate' : 'latency_p99_ms',
      severity: 'warning',
      value: 2,
      threshold: 1,
      labels: {},
    })
  }
  return alerts
}

async function scenario(env: Record<string, string>, fake: ReturnType<typeof startFakeLlm>) {
  const config = parseConfig({
    HOST: '127.0.0.1',
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: fake.baseURL,
    AIOPS_LLM_MODEL: `bench-${crypto.randomUUID()}`,
    AIOPS_LLM_SKIP_CONFIDENCE: '1', // measure the LLM path on every cluster
    ...env,
  })
  const metrics = createMetrics(new Registry())
  const llm = createLlmLayer(config, metrics, silentLogger)
  const app = createApp({ config, store, metrics, logger: silentLogger, build: { version: 'bench', commit: 'bench' }, llm })
  app.listen({ port: 0, hostname: '127.0.0.1' })
  const url = `http://127.0.0.1:${app.server!.port}/incident`
  const methods = new Map<string, number>()
  async function run(batches: Alert[][]): Promise<number[]> {
    const ms: number[] = []
    let next = 0
    const worker = async () => {
      while (next < batches.length) {
        const alerts = batches[next++]!
        const t = performance.now()
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ alerts }) })
        const body = (await res.json()) as { root_cause: { method: string } }
        ms.push(performance.now() - t)
        methods.set(body.root_cause.method, (methods.get(body.root_cause.method) ?? 0) + 1)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    return ms
  }
  const counter = async (name: string) => (await metrics.registry.getSingleMetric(name)?.get())?.values.reduce((s, v) => s + v.value, 0) ?? 0
  const close = async () => {
    await app.stop(true)
    llm?.close()
  }
  return { run, methods, counter, close }
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1))
const row = (name: string, ms: number[], methods: Map<string, number>) =>
  `| ${name} | ${ms.length} | ${fmt(percentile(ms, 50))} | ${fmt(percentile(ms, 95))} | ${fmt(percentile(ms, 99))} | ${fmt(Math.max(...ms))} | ${[...methods].map(([m, n]) => `${m}×${n}`).join(', ')} |`

const fake = startFakeLlm()
{
  // Warm up JIT and connection pools once, so the first scenario is not charged for them.
  const w = await scenario({ AIOPS_USE_LLM: 'false' }, fake)
  await w.run(Array.from({ length: 64 }, (_, i) => batch(i)))
  await w.close()
}
const cases: Array<{ name: string; mode: FakeMode; delayMs: number; n: number; env: Record<string, string> }> = [
  { name: 'LLM off (AIOPS_USE_LLM=false)', mode: 'good', delayMs: 0, n: 64, env: { AIOPS_USE_LLM: 'false' } },
  { name: 'LLM answers in 0 ms', mode: 'good', delayMs: 0, n: 64, env: {} },
  { name: 'LLM answers in 500 ms', mode: 'good', delayMs: 500, n: 64, env: {} },
  { name: 'LLM hangs, breaker off (timeout 10 s, 2 retries, deadline 8 s)', mode: 'hang', delayMs: 0, n: 16, env: { AIOPS_LLM_BREAKER_FAILURES: '1000' } },
  { name: 'LLM hangs, defaults (breaker opens after 5 failures)', mode: 'hang', delayMs: 0, n: 64, env: {} },
]
console.log(`POST /incident over loopback HTTP, ${CONCURRENCY} clients, dataset graph (${graph.nodes.length} services), distinct batches (cache misses)\n`)
console.log('| scenario | requests | p50 ms | p95 ms | p99 ms | max ms | method |')
console.log('|---|---|---|---|---|---|---|')
for (const c of cases) {
  fake.reset()
  fake.mode = c.mode
  fake.delayMs = c.delayMs
  const s = await scenario(c.env, fake)
  const ms = await s.run(Array.from({ length: c.n }, (_, i) => batch(i)))
  console.log(row(c.name, ms, s.methods))
  await s.close()
}

// Cache: 16 distinct batches sent 5 times over; the first round asks the LLM (500 ms), later rounds hit.
fake.reset()
fake.delayMs = 500
const s = await scenario({}, fake)
const distinct = Array.from({ length: 16 }, (_, i) => batch(i))
console.log('\nCache on repeated batches (16 distinct batches × 5 rounds, LLM answering in 500 ms)\n')
console.log('| round | p50 ms | p99 ms | cumulative hit rate | provider calls |')
console.log('|---|---|---|---|---|')
for (let round = 1; round <= 5; round++) {
  const ms = await s.run(distinct)
  const hits = await s.counter('aiops_llm_cache_hits_total')
  const misses = await s.counter('aiops_llm_cache_misses_total')
  console.log(
    `| ${round} | ${fmt(percentile(ms, 50))} | ${fmt(percentile(ms, 99))} | ${((100 * hits) / (hits + misses)).toFixed(0)}% (${hits}/${hits + misses}) | ${fake.calls} |`,
  )
}
await s.close()
await fake.stop()
