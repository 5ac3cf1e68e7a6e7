/**
 * Worker for bench/experiments/thread-scaling.ts: runs the whole pure pipeline (parse,
 * normalize, segment, correlate, rank) on the 20-alert sample `n` times per
 * message and answers how long that took. Embedded dataset, no server.
 */
import type { IncidentRequest } from '../../../src/domain/model.ts'
import { loadGraph, loadHistory } from '../../../src/graph/load.ts'
import { createSnapshot } from '../../../src/graph/store.ts'
import { triage } from '../../../src/incident/triage.ts'

declare const self: Worker

const { graph } = await loadGraph(undefined)
const { history, hash } = await loadHistory(undefined)
const snapshot = createSnapshot({ graph, history, graphOrigin: 'embedded', historyOrigin: 'embedded', historyHash: hash, loadedAt: '2026-01-01T00:00:00Z' })
const body = await Bun.file(new URL('../../../dataset/samples/cascade-20.json', import.meta.url)).text()
const options = { gapSec: 120, maxHop: 2, method: 'explain' as const }

async function run(n: number): Promise<void> {
  for (let i = 0; i < n; i++) triage({ alerts: (JSON.parse(body) as IncidentRequest).alerts, snapshot, options, method: 'bench' })
}

await run(3000) // warm-up
self.onmessage = async (e: MessageEvent<number>) => {
  const t = performance.now()
  await run(e.data)
  self.postMessage(performance.now() - t)
}
self.postMessage('ready')
