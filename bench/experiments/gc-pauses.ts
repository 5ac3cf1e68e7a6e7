/**
 * `bun run bench:gc [--requests 300]`: what garbage collection costs the
 * multi-cluster batch (bench/perf/multi-cluster.ts) inline and with one worker.
 * Runs the compiled binary with JSC's GC log on (BUN_JSC_logGC=1), sends the
 * batch N times in sequence, and sums from the log, per JS heap (the main
 * thread's and each worker's are separate VMs): collections, how many were
 * full, and their stop-the-world pauses. Why the worker's share of a batch
 * takes longer than the same work inline (SUBMIT.md, issue 6).
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { numberFlag } from '../common/args.ts'
import { startBinary } from '../perf/binary-process.ts'
import { sequential } from '../perf/load.ts'
import { multiClusterWorkload } from '../perf/multi-cluster.ts'
import { p50 } from '../common/stats.ts'

const BIN = resolve(import.meta.dir, '../../dist/aiops-serve')
const REQUESTS = numberFlag(process.argv, 'requests', 300)

if (!existsSync(BIN)) {
  console.error('no dist/aiops-serve: run `bun run build` first')
  process.exit(2)
}

interface HeapGc {
  collections: number
  full: number
  pauseMs: number
}

/** Per heap (its address in the log): collections, full ones, and the sum of their pauses (`p=` phases). */
export function gcByHeap(log: string): Map<string, HeapGc> {
  const heaps = new Map<string, HeapGc>()
  for (const line of log.split('\n')) {
    const heap = /^\[GC<(0x[0-9a-f]+)>: /.exec(line)?.[1]
    if (!heap) continue
    const h = heaps.get(heap) ?? { collections: 0, full: 0, pauseMs: 0 }
    heaps.set(heap, h)
    // A collection's log runs over several lines; each stop-the-world phase prints its own p=.
    for (const p of line.matchAll(/ p=([\d.]+)ms/g)) h.pauseMs += Number(p[1])
    const kind = / START \S+ \d+kb => (\w+)/.exec(line)?.[1]
    if (!kind) continue
    h.collections++
    if (kind === 'FullCollection') h.full++
  }
  return heaps
}

const work = multiClusterWorkload()
const dir = mkdtempSync(join(tmpdir(), 'aiops-gc-'))
const graphPath = join(dir, 'graph.json')
await Bun.write(graphPath, JSON.stringify(work.graph))
const body = JSON.stringify({ alerts: work.alerts })
console.log(`${work.alerts.length} alerts on a ${work.graph.services.length}-service graph, ${REQUESTS} requests in sequence`)

for (const workers of ['0', '1']) {
  const bin = await startBinary(BIN, { AIOPS_GRAPH_PATH: graphPath, AIOPS_RCA_WORKERS: workers, BUN_JSC_logGC: '1' }, { captureStderr: true })
  const server = (await sequential(bin.url, body, REQUESTS, 0)).map((r) => r.serverMs)
  await bin.stop()
  const heaps = gcByHeap(await bin.stderrText!)
  const total = [...heaps.values()].reduce((s, h) => s + h.pauseMs, 0)
  console.log(`workers=${workers}: server p50 ${p50(server).toFixed(2)} ms; GC pauses ${(total / REQUESTS).toFixed(2)} ms per request over all heaps`)
  for (const [heap, h] of heaps) {
    console.log(
      `  heap ${heap}: ${h.collections} collections (${(h.collections / REQUESTS).toFixed(2)} per request), ${h.full} full, pauses ${h.pauseMs.toFixed(0)} ms (${(h.pauseMs / REQUESTS).toFixed(2)} per request)`,
    )
  }
}
