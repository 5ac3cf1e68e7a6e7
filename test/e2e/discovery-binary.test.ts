/**
 * The compiled binary with AIOPS_GRAPH_SOURCE=prometheus against a real
 * Prometheus scraping servicegraph counters of the shipped example graph
 * (dataset/services.json; the overlay gives the tiers traces cannot show):
 * it serves the graph the series describe (the counts in /version, and the
 * same incident report as the binary given the same graph as a file), picks
 * up an added edge within one refresh, and keeps answering with its graph
 * when Prometheus goes away. Skips without the binary or Prometheus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startCallExporter, type CallSeries } from '../support/call-exporter.ts'
import { BINARY, freePort, spawnBinary, tempDir, waitFor, waitHttpOk } from '../support/processes.ts'
import { PROMETHEUS, startPrometheus } from '../support/prometheus.ts'
import { json } from '../support/helpers.ts'

const GRAPH = resolve(import.meta.dir, '../../dataset/services.json')
const SAMPLE = resolve(import.meta.dir, '../../dataset/samples/cascade-20.json')
const REFRESH_SEC = 2

interface Doc {
  services: Array<{ name: string; tier?: string }>
  edges: Array<{ from: string; to: string }>
}

const series = (from: string, to: string, tier?: string): CallSeries => ({
  metric: 'traces_service_graph_request_total',
  labels: { client: from, server: to, connection_type: tier === 'db' ? 'database' : tier === 'queue' ? 'messaging_system' : '' },
})

const start = (env: Record<string, string>) => spawnBinary({ AIOPS_USE_LLM: 'false', AIOPS_RCA_WORKERS: '0', ...env })

describe.skipIf(!existsSync(BINARY) || !PROMETHEUS)('compiled binary discovering its graph from Prometheus', () => {
  const doc = JSON.parse(readFileSync(GRAPH, 'utf8')) as Doc
  const tiers = new Map(doc.services.map((s) => [s.name, s.tier]))
  const exporter = startCallExporter(doc.edges.map((e) => series(e.from, e.to, tiers.get(e.to))))
  let prom: Awaited<ReturnType<typeof startPrometheus>>
  let discovered: ReturnType<typeof start>
  let fromFile: ReturnType<typeof start>

  beforeAll(async () => {
    prom = await startPrometheus([exporter.target])
    await waitFor(
      'two scrapes',
      async () => ((await prom.query('min(count_over_time(traces_service_graph_request_total[1m])) >= 2')).length > 0 ? true : undefined),
      30_000,
    )
    // The overlay: every service with its tier, no edges (those come from the traces).
    const overlay = join(tempDir('aiops-overlay-'), 'overlay.json')
    writeFileSync(overlay, JSON.stringify({ services: doc.services, edges: [] }))
    discovered = start({
      AIOPS_GRAPH_SOURCE: 'prometheus',
      AIOPS_PROMETHEUS_URL: prom.url,
      AIOPS_GRAPH_OVERLAY_PATH: overlay,
      AIOPS_GRAPH_REFRESH_SEC: String(REFRESH_SEC),
      AIOPS_GRAPH_FETCH_TIMEOUT_MS: '1000',
    })
    fromFile = start({ AIOPS_GRAPH_PATH: GRAPH })
    await Promise.all([waitHttpOk(`${discovered.base}/readyz`, 15_000), waitHttpOk(`${fromFile.base}/readyz`, 15_000)])
  }, 60_000)

  afterAll(async () => {
    discovered?.proc.kill('SIGKILL')
    fromFile?.proc.kill('SIGKILL')
    await prom?.stop()
    exporter.stop()
  })

  it('serves the graph the series describe: same counts, same incident report as the file', async () => {
    const v = await json(fetch(`${discovered.base}/version`))
    expect(v).toMatchObject({ graph_source: 'prometheus:servicegraph', graph_node_count: doc.services.length, graph_edge_count: doc.edges.length })
    const batch = await Bun.file(SAMPLE).text()
    const [a, b] = await Promise.all([discovered, fromFile].map(async (s) => json(fetch(`${s.base}/incident`, { method: 'POST', body: batch }))))
    expect(a.root_cause.service).toBe('payment-db')
    expect(a).toEqual(b)
  })

  it('picks up an added edge within one refresh', async () => {
    const before = (await json(fetch(`${discovered.base}/version`))).graph_edge_count as number
    exporter.add(series('web-frontend', 'payments-audit'))
    await waitFor(
      'two samples of the new edge',
      async () => ((await prom.query('count_over_time(traces_service_graph_request_total{server="payments-audit"}[1m]) >= 2')).length > 0 ? true : undefined),
      30_000,
    )
    const seenAt = Date.now()
    const after = await waitFor(
      'the edge in /version',
      async () => {
        const v = await json(fetch(`${discovered.base}/version`))
        return v.graph_edge_count === before + 1 ? v : undefined
      },
      (REFRESH_SEC + 3) * 1000,
    )
    expect(Date.now() - seenAt).toBeLessThan((REFRESH_SEC + 3) * 1000)
    expect(after.graph_node_count).toBe(doc.services.length + 1)
  })

  it('keeps its graph and answers when Prometheus goes away, counting the failure', async () => {
    const live = await json(fetch(`${discovered.base}/version`))
    await prom.stop()
    const metrics = await waitFor(
      'a failed refresh',
      async () => {
        const text = await (await fetch(`${discovered.base}/metrics`)).text()
        return /aiops_graph_refresh_failures_total\{source="prometheus:servicegraph",reason="down"\} [1-9]/.test(text) ? text : undefined
      },
      (REFRESH_SEC + 5) * 1000,
    )
    expect(metrics).toMatch(/aiops_graph_refreshes_total\{source="prometheus:servicegraph",outcome="failed"\} [1-9]/)
    const v = await json(fetch(`${discovered.base}/version`))
    expect(v).toMatchObject({ graph_version: live.graph_version, graph_edge_count: live.graph_edge_count })
    expect((await fetch(`${discovered.base}/readyz`)).status).toBe(200)
    const res = await fetch(`${discovered.base}/incident`, { method: 'POST', body: await Bun.file(SAMPLE).text() })
    expect(res.status).toBe(200)
  }, 20_000)
})

describe.skipIf(!existsSync(BINARY) || !PROMETHEUS)('compiled binary started before its Prometheus', () => {
  const exporter = startCallExporter([series('web', 'api'), series('api', 'db', 'db')])
  const promPort = freePort()
  let prom: Awaited<ReturnType<typeof startPrometheus>> | undefined
  let bin: ReturnType<typeof start>

  afterAll(async () => {
    bin?.proc.kill('SIGKILL')
    await prom?.stop()
    exporter.stop()
  })

  it('serves the fallback graph, ready, and switches to the discovered one when Prometheus comes up', async () => {
    bin = start({
      AIOPS_GRAPH_SOURCE: 'prometheus',
      AIOPS_PROMETHEUS_URL: `http://127.0.0.1:${promPort}`,
      AIOPS_GRAPH_REFRESH_SEC: '1',
      AIOPS_GRAPH_FETCH_TIMEOUT_MS: '500',
    })
    await waitHttpOk(`${bin.base}/readyz`, 15_000)
    expect((await json(fetch(`${bin.base}/version`))).graph_source).toBe('embedded')
    prom = await startPrometheus([exporter.target], { port: promPort })
    const v = await waitFor(
      'the discovered graph',
      async () => {
        const v = await json(fetch(`${bin.base}/version`))
        return v.graph_source === 'prometheus:servicegraph' ? v : undefined
      },
      30_000,
    )
    expect(v).toMatchObject({ graph_node_count: 3, graph_edge_count: 2 })
  }, 40_000)
})
