/**
 * `bun run bench:scale`: latency of a 1000-alert batch on 100-, 1000- and
 * 5000-service graphs, measured two ways: the pure pipeline in-process
 * (`triage` on a snapshot from createSnapshot) and the full HTTP path through
 * app.handle (JSON parse, schema validation, serialisation; no socket). Then
 * one graph with growing batches, to show cost follows the alerting subgraph,
 * not the graph. Inputs come from bench/scenarios/gen-large.ts with fixed seeds.
 *
 * Flags: --iterations N (default 40), --sizes 100,1000,5000, --alerts 1000.
 */
import { parseArgs } from 'node:util'
import { Registry } from 'prom-client'
import { createApp } from '../../src/app.ts'
import { parseConfig } from '../../src/config.ts'
import type { Alert } from '../../src/domain/model.ts'
import { graphFromText, historyFromText } from '../../src/graph/load.ts'
import { createSnapshot, GraphStore, type Snapshot } from '../../src/graph/store.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { triage } from '../../src/incident/triage.ts'
import { alertBatch, largeGraph, largeHistory } from '../scenarios/gen-large.ts'
import { p50, p99 } from '../common/stats.ts'

const { values } = parseArgs({
  options: { iterations: { type: 'string', default: '40' }, sizes: { type: 'string', default: '100,1000,5000' }, alerts: { type: 'string', default: '1000' } },
})
const ITER = Number(values.iterations)
const SIZES = values.sizes!.split(',').map(Number)
const ALERTS = Number(values.alerts)
const BATCHES = 4 // distinct batches per size, used round-robin
const WARMUP = 5

const config = parseConfig({ AIOPS_USE_LLM: 'false' })
const options = { gapSec: config.AIOPS_GAP_SEC, maxHop: config.AIOPS_MAX_HOP, method: config.AIOPS_RCA_METHOD }

function snapshotFor(size: number): Snapshot {
  const doc = largeGraph(size, 42)
  const graph = graphFromText(JSON.stringify(doc), 'bench')
  const { history, hash } = historyFromText(JSON.stringify(largeHistory(doc, 43, 200)), 'bench')
  return createSnapshot({ graph, history, graphOrigin: 'bench', historyOrigin: 'bench', historyHash: hash, loadedAt: new Date().toISOString() })
}

async function timeIt(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run(i)
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await run(i)
    ms.push(performance.now() - t)
  }
  return ms
}

async function measure(snap: Snapshot, batches: Alert[][]) {
  const inProcess = await timeIt(ITER, async (i) => triage({ alerts: batches[i % batches.length]!, snapshot: snap, options, method: 'graph-explain' }))
  const app = createApp({
    config,
    store: new GraphStore(snap),
    metrics: createMetrics(new Registry()),
    logger: silentLogger,
    build: { version: 'bench', commit: 'bench' },
  })
  const bodies = batches.map((alerts) => JSON.stringify({ alerts }))
  const http = await timeIt(ITER, async (i) => {
    const res = await app.handle(
      new Request('http://localhost/incident', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length] }),
    )
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`)
    return res.text()
  })
  const first = triage({ alerts: batches[0]!, snapshot: snap, options, method: 'graph-explain' })
  const alerting = new Set(batches[0]!.map((a) => a.service)).size
  return { inProcess, http, alerting, clusters: first.report.clusters.length, phases: first.phasesMs }
}

const f = (x: number) => x.toFixed(1).padStart(7)
console.log(`scale benchmark: ${ALERTS}-alert batches, ${ITER} timed runs after ${WARMUP} warm-up, Bun ${Bun.version}, ${navigator.hardwareConcurrency} cores`)
console.log('services  edges  alerting  clusters | in-process p50    p99 |  app.handle p50    p99   (ms)')
for (const size of SIZES) {
  const snap = snapshotFor(size)
  const doc = largeGraph(size, 42)
  const batches = Array.from({ length: BATCHES }, (_, b) => alertBatch(doc, 1000 + b, { alerts: ALERTS }) as Alert[])
  const r = await measure(snap, batches)
  console.log(
    `${String(size).padStart(8)} ${String(snap.graph.data.edges.length).padStart(6)} ${String(r.alerting).padStart(9)} ${String(r.clusters).padStart(9)} | ${f(p50(r.inProcess))}        ${f(p99(r.inProcess))} | ${f(p50(r.http))}        ${f(p99(r.http))}`,
  )
}

// Growth with the alerting subgraph on one large graph: more incidents → more alerting services.
const bigSize = Math.max(...SIZES)
const bigDoc = largeGraph(bigSize, 42)
const bigSnap = snapshotFor(bigSize)
console.log(`\ngrowth on the ${bigSize}-service graph (in-process, batch size and incident count grow together)`)
console.log('  alerts  incidents  alerting |   p50    p99  (ms) | p50 µs per alert')
for (const k of [1, 2, 4, 8]) {
  const n = 250 * k
  const batches = Array.from({ length: BATCHES }, (_, b) => alertBatch(bigDoc, 2000 + b, { alerts: n, incidents: 3 * k }) as Alert[])
  const ms = await timeIt(ITER, async (i) => triage({ alerts: batches[i % batches.length]!, snapshot: bigSnap, options, method: 'graph-explain' }))
  const alerting = new Set(batches[0]!.map((a) => a.service)).size
  console.log(
    `${String(n).padStart(8)} ${String(3 * k).padStart(10)} ${String(alerting).padStart(9)} | ${f(p50(ms))} ${f(p99(ms))}      | ${((p50(ms) * 1000) / n).toFixed(1).padStart(8)}`,
  )
}
