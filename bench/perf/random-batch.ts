/**
 * `bun run bench:random -- <label>=<binary>[,VAR=value…] … [--rounds 3] [--requests 60]`:
 * latency of one 1000-alert batch of random alerts (random services of a
 * 1000-service generated graph, random metrics, over an hour) against two or
 * more binaries, interleaved round after round as bench:ab does. Such a batch
 * correlates into hundreds of small clusters, the case where work done for
 * every cluster but shown for one (similar incidents, actions) dominates.
 * Each run starts a fresh binary on the generated graph and history, reads
 * its idle RSS, then posts the batch one request at a time (20 untimed
 * first). Prints p50/p99 client latency and the server's rca phase.
 * `--scenarios <dir>` instead writes such batches (several seeds and spreads)
 * as an eval directory, for check:answers.
 * @example bun run bench:random -- old=/tmp/aiops-old new=dist/aiops-serve
 * @example bun bench/perf/random-batch.ts --scenarios /tmp/random && bun run check:answers -- /tmp/random
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { numberFlag } from '../common/args.ts'
import { startBinary } from './binary-process.ts'
import { alertBatch, largeGraph, largeHistory } from '../scenarios/gen-large.ts'
import { sequential } from './load.ts'
import { p50, p99 } from '../common/stats.ts'

const WARM_UP = 20
// Four 15-minute windows of purely random alerts: ~600 clusters on this graph.
const BATCH = { alerts: 1000, incidents: 4, noise: 1 }

/** The graph, history and batch files, written once per run of this script. */
export function randomWorkload(): { graphPath: string; historyPath: string; body: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-random-'))
  const graph = largeGraph(1000, 42)
  const graphPath = join(dir, 'graph.json')
  const historyPath = join(dir, 'history.json')
  writeFileSync(graphPath, JSON.stringify(graph))
  writeFileSync(historyPath, JSON.stringify(largeHistory(graph, 43, 200)))
  return { graphPath, historyPath, body: JSON.stringify({ alerts: alertBatch(graph, 7, BATCH) }) }
}

/** Random batches of several seeds and spreads on the same graph, as an eval directory (scenario-io.ts layout). */
function writeScenarios(dir: string): void {
  mkdirSync(join(dir, 'topologies'), { recursive: true })
  const graph = largeGraph(1000, 42)
  writeFileSync(join(dir, 'topologies', 'random.json'), JSON.stringify(graph))
  writeFileSync(join(dir, 'topologies', 'random.history.json'), JSON.stringify(largeHistory(graph, 43, 200)))
  const lines: string[] = []
  for (const incidents of [0, 1, 4, 10]) {
    for (const seed of [7, 8, 9]) {
      for (const noise of [1, 0.3]) {
        const alerts = alertBatch(graph, seed, { ...BATCH, incidents, noise })
        lines.push(
          JSON.stringify({ name: `random-i${incidents}-s${seed}-n${noise}`, topology: 'random', alerts, truth: { incidents: [], noise_alert_ids: [] } }),
        )
      }
    }
  }
  writeFileSync(join(dir, 'random.jsonl'), lines.join('\n') + '\n')
}

if (import.meta.main && process.argv[2] === '--scenarios') {
  writeScenarios(resolve(process.argv[3] ?? 'random-scenarios'))
} else if (import.meta.main) {
  const args = process.argv.slice(2)
  const rounds = numberFlag(args, 'rounds', 3)
  const requests = numberFlag(args, 'requests', 60)
  const variants = args
    .filter((a, i) => a.includes('=') && !args[i - 1]?.startsWith('--'))
    .map((a) => {
      const [label, spec] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      const [path, ...env] = spec.split(',')
      return { label, path: resolve(path!), env: Object.fromEntries(env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) }
    })
  if (variants.length === 0) {
    console.error('usage: bun bench/perf/random-batch.ts <label>=<binary>[,VAR=value…] … [--rounds 3] [--requests 60]')
    process.exit(2)
  }
  const w = randomWorkload()
  console.log(
    `${navigator.hardwareConcurrency} cores; 1000 random alerts on a 1000-service graph; ${requests} sequential requests after ${WARM_UP}, ${rounds} interleaved rounds`,
  )
  const p50s = new Map<string, number[]>(variants.map((v) => [v.label, []]))
  for (let round = 1; round <= rounds; round++) {
    for (const v of variants) {
      const b = await startBinary(v.path, { AIOPS_GRAPH_PATH: w.graphPath, AIOPS_HISTORY_PATH: w.historyPath, ...v.env })
      try {
        await Bun.sleep(500) // the start-up warm-up runs in the background: idle means after it
        const idleMb = b.rssMb()
        const rows = await sequential(b.url, w.body, requests, WARM_UP)
        const ms = rows.map((r) => r.clientMs)
        p50s.get(v.label)!.push(p50(ms))
        console.log(
          `round ${round}  ${v.label.padEnd(12)} p50 ${p50(ms).toFixed(2).padStart(6)} ms  p99 ${p99(ms).toFixed(2).padStart(6)} ms  rca p50 ${p50(
            rows.map((r) => r.rcaMs),
          )
            .toFixed(2)
            .padStart(6)} ms  idle RSS ${idleMb.toFixed(1)} MB`,
        )
      } finally {
        await b.stop()
      }
    }
  }
  // A round's variants run back to back, so their ratio holds while the machine's load drifts between rounds.
  const [first, firstP50s] = [...p50s][0]!
  console.log(`p50 per variant over the rounds (range, median), and the median of its per-round ratio to ${first}:`)
  for (const [label, xs] of p50s) {
    const ratio = p50(xs.map((x, i) => x / firstP50s[i]!))
    console.log(
      `  ${label.padEnd(12)} ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} ms, median ${p50(xs).toFixed(2)} ms, ${ratio.toFixed(3)}× ${first}`,
    )
  }
}
