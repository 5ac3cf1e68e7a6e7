/**
 * `bun run bench`: the performance suite for the compiled binary (built first
 * if dist/aiops-serve is missing). Measures start-up to /readyz, idle RSS and
 * RSS after 10,000 requests, sequential latency of the 20-alert sample (server
 * X-Response-Time-Ms and client side), throughput at concurrency 10 and 50
 * with wrk, and a 10-incident batch on a 1000-service graph inline vs on the
 * worker pool, then the scale benchmark (bench/perf/scale.ts). Writes
 * bench/perf/RESULTS.md. Flags: --seconds N (wrk duration).
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startBinary, type Binary } from './binary-process.ts'
import { multiClusterWorkload } from './multi-cluster.ts'
import { p50, p99 } from '../common/stats.ts'
import { renderResults, type BenchResults, type MultiRow } from './bench-report.ts'
import { hasWrk, runWrk } from './wrk.ts'
import { hammer, sequential } from './load.ts'
import { numberFlag } from '../common/args.ts'

const ROOT = resolve(import.meta.dir, '../..')
const BIN = resolve(ROOT, 'dist/aiops-serve')
const SAMPLE = resolve(ROOT, 'dataset/samples/cascade-20.json')
const OUT = resolve(import.meta.dir, 'RESULTS.md')
const WRK_SEC = numberFlag(process.argv, 'seconds', 10)
const WRK_WARM_UP_SEC = 8

async function withBinary<T>(env: Record<string, string>, f: (b: Binary) => Promise<T>): Promise<T> {
  const b = await startBinary(BIN, env)
  try {
    return await f(b)
  } finally {
    await b.stop()
  }
}

if (!existsSync(BIN)) {
  console.log('building dist/aiops-serve …')
  const p = Bun.spawnSync([process.execPath, 'run', 'build'], { cwd: ROOT, stdout: 'inherit', stderr: 'inherit' })
  if (p.exitCode !== 0) process.exit(1)
}
const sample = await Bun.file(SAMPLE).text()
const bodyFile = SAMPLE
const res: BenchResults = { date: new Date().toISOString(), cores: navigator.hardwareConcurrency, bun: Bun.version, wrkSec: WRK_SEC } as BenchResults

console.log('start-up: exec → /readyz 200, 7 starts')
const starts: number[] = []
for (let i = 0; i < 7; i++) starts.push(await withBinary({}, async (b) => b.readyMs))
res.readyMs = { p50: p50(starts), max: Math.max(...starts) }

await withBinary({}, async (b) => {
  await Bun.sleep(500)
  res.rssIdleMb = b.rssMb()
  console.log('10,000 requests (fetch, 10 in flight) for RSS growth')
  await hammer(b.url, sample, 10_000, 10)
  res.rssAfterMb = b.rssMb()
  // Under load the heap holds garbage between collections; what stays once they ran is the growth that matters.
  await Bun.sleep(2000)
  res.rssSettledMb = b.rssMb()
  console.log('sequential: 2,000 requests after 300 warm-up')
  const rows = await sequential(b.url, sample, 2000, 300)
  res.sequential = {
    serverP50: p50(rows.map((r) => r.serverMs)),
    serverP99: p99(rows.map((r) => r.serverMs)),
    clientP50: p50(rows.map((r) => r.clientMs)),
    clientP99: p99(rows.map((r) => r.clientMs)),
    n: rows.length,
  }
  if (hasWrk()) {
    // The JIT is still compiling for a dozen seconds of a new load pattern (its thread ~1 s of CPU per
    // 8 s of wrk at first, ~0.2 s after): a discarded run first, so the figures are the steady state.
    console.log(`wrk warm-up, ${WRK_WARM_UP_SEC} s (discarded)`)
    await runWrk(`${b.url}/incident`, bodyFile, 10, WRK_WARM_UP_SEC)
    for (const c of [10, 50]) {
      console.log(`wrk -t1 -c${c} -d${WRK_SEC}s`)
      res.wrk = [...(res.wrk ?? []), await runWrk(`${b.url}/incident`, bodyFile, c, WRK_SEC)]
    }
  } else console.log('wrk not on PATH (apt-get install -y wrk): throughput skipped')
  res.rssAfterLoadMb = b.rssMb()
})

console.log('multi-cluster: 10 incidents on a 1000-service graph, inline vs workers')
// Steady state, as a long-running server is: a fresh worker runs big batches ~1.5x slower for its first hundred or so.
const MULTI_WARM_UP = 200
const MULTI_TIMED = 100
const MULTI_PROCESSES = 3
const work = multiClusterWorkload()
const dir = mkdtempSync(join(tmpdir(), 'aiops-bench-graph-'))
const graphPath = join(dir, 'graph.json')
await Bun.write(graphPath, JSON.stringify(work.graph))
const batch = JSON.stringify({ alerts: work.alerts })
res.multi = { services: work.graph.services.length, alerts: work.alerts.length, clusters: 0, processes: MULTI_PROCESSES, rows: [] }
// One process's figure depends on how its threads landed on the two vCPUs and on its JIT (with a
// worker, 20–26 ms p50 from one process to the next): several processes, interleaved, and their median.
const runs = new Map<number, MultiRow[]>()
for (let round = 0; round < MULTI_PROCESSES; round++) {
  for (const workers of [0, 1, 2]) {
    const run = await withBinary({ AIOPS_GRAPH_PATH: graphPath, AIOPS_RCA_WORKERS: String(workers) }, async (b): Promise<MultiRow> => {
      const first = await fetch(`${b.url}/incident`, { method: 'POST', body: batch })
      res.multi.clusters = ((await first.json()) as { clusters: unknown[] }).clusters.length
      const rows = await sequential(b.url, batch, MULTI_TIMED, MULTI_WARM_UP)
      return {
        workers,
        serverP50: p50(rows.map((r) => r.serverMs)),
        rcaP50: p50(rows.map((r) => r.rcaMs)),
        clientP50: p50(rows.map((r) => r.clientMs)),
        serverRuns: [],
      }
    })
    runs.set(workers, [...(runs.get(workers) ?? []), run])
    console.log(`  round ${round + 1}, workers=${workers}: server p50 ${run.serverP50.toFixed(2)} ms, rca p50 ${run.rcaP50.toFixed(2)} ms`)
  }
}
for (const [workers, list] of runs) {
  res.multi.rows.push({
    workers,
    serverP50: p50(list.map((r) => r.serverP50)),
    rcaP50: p50(list.map((r) => r.rcaP50)),
    clientP50: p50(list.map((r) => r.clientP50)),
    serverRuns: list.map((r) => r.serverP50),
  })
}

// Scale (issue 5): 1000-alert batches on 100-, 1000- and 5000-service graphs, in-process and
// through app.handle; its own script, run here so one command gives every figure.
console.log('scale: 1000-alert batches on 100-, 1000- and 5000-service graphs')
const scale = Bun.spawnSync([process.execPath, resolve(import.meta.dir, 'scale.ts')], { cwd: ROOT, stderr: 'inherit' })
const scaleText = scale.stdout.toString().trim()

const text = `${renderResults(res)}\n## Scale: 1000-alert batches (bench/perf/scale.ts)\n\n\`\`\`\n${scaleText}\n\`\`\`\n`
await Bun.write(OUT, text)
console.log(text)
