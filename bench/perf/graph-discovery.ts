/**
 * `bun run bench:discovery`: how long discovering a large graph takes, and
 * what it costs in memory, through a real Prometheus (Debian's package) that
 * scrapes a loopback exporter of servicegraph counters for a 1000-service,
 * 5000-edge mesh (sizes are flags). Times the whole refresh as the service
 * runs it: the PromQL query over HTTP, the answer parsed, edges filtered and
 * merged, the version hashed, the snapshot built and swapped; first a
 * refresh that applies a new graph, then one that finds it unchanged.
 * Memory: RSS and heap before and after, and the retained size of one
 * discovered snapshot. Prints one JSON line per round and a summary.
 *
 * Flags: --services 1000 --edges 5000 --rounds 5
 */
import { parseArgs } from 'node:util'
import { heapStats } from 'bun:jsc'
import { Registry } from 'prom-client'
import { parseConfig } from '../../src/config.ts'
import { createDiscovery, discoverySource } from '../../src/graph/discovery/from-config.ts'
import { GraphStore } from '../../src/graph/store.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { startCallExporter, type CallSeries } from '../../test/support/call-exporter.ts'
import { waitFor } from '../../test/support/processes.ts'
import { PROMETHEUS, startPrometheus } from '../../test/support/prometheus.ts'
import { Rng } from '../scenarios/gen/prng.ts'

const { values } = parseArgs({
  options: { services: { type: 'string', default: '1000' }, edges: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '5' } },
})
const N = Number(values.services)
const E = Number(values.edges)
const ROUNDS = Number(values.rounds)
if (!PROMETHEUS) throw new Error('prometheus is not installed (apt-get install prometheus)')

/** E distinct caller → callee pairs over N services, callers before callees (a DAG, as call graphs mostly are). */
function mesh(n: number, e: number, seed: number): CallSeries[] {
  const rng = new Rng(seed)
  const seen = new Set<string>()
  const out: CallSeries[] = []
  while (out.length < e) {
    // The last tenth are databases: called, never calling.
    const a = rng.int(0, Math.floor(n * 0.9) - 1)
    const b = rng.int(a + 1, n - 1)
    const k = `${a}>${b}`
    if (seen.has(k)) continue
    seen.add(k)
    const db = b >= n * 0.9
    out.push({
      metric: 'traces_service_graph_request_total',
      labels: { client: `svc-${a}`, server: `svc-${b}`, connection_type: db ? 'database' : '' },
      perScrape: 1 + (out.length % 7),
    })
  }
  return out
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
const series = mesh(N, E, 2028)
const exporter = startCallExporter(series)
const prom = await startPrometheus([exporter.target])
try {
  await waitFor(
    'two scrapes of every series',
    async () => ((await prom.query('count(count_over_time(traces_service_graph_request_total[1m]) >= 2)'))[0]?.value[1] === String(E) ? true : undefined),
    60_000,
  )
  const config = parseConfig({ AIOPS_GRAPH_SOURCE: 'prometheus', AIOPS_PROMETHEUS_URL: prom.url })
  const rows: Array<{ applied_ms: number; unchanged_ms: number; fetch_ms: number }> = []
  const source = discoverySource(config)!
  Bun.gc(true)
  const before = { rss: process.memoryUsage().rss, heap: heapStats().heapSize }
  let kept: GraphStore | undefined
  for (let round = 0; round < ROUNDS; round++) {
    // A fresh store and refresher each round: the first refresh always builds and applies a graph.
    const store = new GraphStore(undefined)
    const d = createDiscovery({ config, store, metrics: createMetrics(new Registry()), logger: silentLogger })!
    let t = performance.now()
    const applied = await d.refresher.reload('test')
    const appliedMs = performance.now() - t
    if (applied.result !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(applied)}`)
    t = performance.now()
    const unchanged = await d.refresher.reload('test')
    const unchangedMs = performance.now() - t
    if (unchanged.result !== 'unchanged') throw new Error(`expected unchanged, got ${unchanged.result}`)
    // The source alone (query over HTTP + answer → edges), to tell Prometheus's share from ours.
    t = performance.now()
    await source.fetch(Date.now())
    const fetchMs = performance.now() - t
    const g = store.current!.graph.data
    rows.push({ applied_ms: Math.round(appliedMs), unchanged_ms: Math.round(unchangedMs), fetch_ms: Math.round(fetchMs) })
    console.log(JSON.stringify({ round, services: g.nodes.length, edges: g.edges.length, ...rows.at(-1) }))
    kept = store
  }
  Bun.gc(true)
  const after = { rss: process.memoryUsage().rss, heap: heapStats().heapSize }
  const sorted = (k: 'applied_ms' | 'unchanged_ms' | 'fetch_ms') => rows.map((r) => r[k]).sort((a, b) => a - b)
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!
  console.log(
    JSON.stringify({
      summary: `${kept!.current!.graph.data.nodes.length} services, ${kept!.current!.graph.data.edges.length} edges from ${E} series`,
      applied_ms_median: median(sorted('applied_ms')),
      applied_ms_max: Math.max(...sorted('applied_ms')),
      unchanged_ms_median: median(sorted('unchanged_ms')),
      source_fetch_ms_median: median(sorted('fetch_ms')),
      rss_mb: { before: mb(before.rss), after: mb(after.rss) },
      heap_mb: { before: mb(before.heap), after_one_live_snapshot: mb(after.heap) },
    }),
  )
} finally {
  await prom.stop()
  exporter.stop()
}
