/**
 * `bun bench/eval/answers-dump.ts <repo root> <eval dir>`: the report the service at
 * <repo root> gives for every scenario of <eval dir>, as one JSON object
 * {"<topology>/<scenario>": report} on stdout. The service is imported from
 * <repo root> (not from this file's tree), so the same dumper runs the code of
 * any commit whose createApp takes { config, store, metrics, logger, build }:
 * answers-unchanged.ts runs it once on an old checkout and once on this one.
 * Graph only (no LLM), requests through app.handle (no socket); pipeline
 * settings (AIOPS_GAP_SEC, AIOPS_MAX_HOP, AIOPS_RCA_METHOD) from the environment.
 */
import { resolve } from 'node:path'
import { loadEvalDir } from './scenario-io.ts'

const [rootArg, dirArg] = process.argv.slice(2)
if (!rootArg || !dirArg) {
  console.error('usage: bun bench/eval/answers-dump.ts <repo root> <eval dir>')
  process.exit(2)
}
const root = resolve(rootArg)
const { parseConfig } = await import(`${root}/src/config.ts`)
const { createApp } = await import(`${root}/src/app.ts`)
const { loadGraph, loadHistory } = await import(`${root}/src/graph/load.ts`)
const { createSnapshot, GraphStore } = await import(`${root}/src/graph/store.ts`)
const { createMetrics } = await import(`${root}/src/metrics.ts`)
const { silentLogger } = await import(`${root}/src/logger.ts`)

const out: Record<string, unknown> = {}
for (const set of await loadEvalDir(resolve(dirArg))) {
  const [g, h] = await Promise.all([loadGraph(set.graphPath), loadHistory(set.historyPath)])
  const snapshot = createSnapshot({
    graph: g.graph,
    history: h.history,
    graphOrigin: g.origin,
    historyOrigin: h.origin,
    historyHash: h.hash,
    loadedAt: new Date(0).toISOString(),
  })
  // The pipeline settings of this process's env (e.g. AIOPS_RCA_METHOD=pagerank) apply to both sides.
  const config = parseConfig({ ...process.env, AIOPS_USE_LLM: 'false', AIOPS_MAX_ALERTS: '1000000', AIOPS_MAX_BODY_BYTES: String(1024 * 1024 * 1024) })
  const app = createApp({ config, store: new GraphStore(snapshot), metrics: createMetrics(), logger: silentLogger, build: { version: 'dump', commit: 'dump' } })
  for (const s of set.scenarios) {
    const res = await app.handle(new Request('http://dump/incident', { method: 'POST', body: JSON.stringify({ alerts: s.alerts }) }))
    out[`${set.topology}/${s.name}`] = { status: res.status, report: await res.json() }
  }
}
process.stdout.write(JSON.stringify(out))
