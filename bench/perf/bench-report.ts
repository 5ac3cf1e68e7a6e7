/**
 * Renders the performance suite's figures (bench/perf/bench.ts) as
 * bench/perf/RESULTS.md: one table per question, each row beside its target from
 * issue 6, with the command that produced it. Pure: figures in, text out.
 */
import type { WrkResult } from './wrk.ts'

export interface MultiRow {
  workers: number
  serverP50: number
  rcaP50: number
  clientP50: number
  /** Each process's server p50 (the row holds their medians). */
  serverRuns: number[]
}

export interface BenchResults {
  date: string
  cores: number
  bun: string
  wrkSec: number
  readyMs: { p50: number; max: number }
  rssIdleMb: number
  rssAfterMb: number
  rssSettledMb: number
  rssAfterLoadMb: number
  sequential: { serverP50: number; serverP99: number; clientP50: number; clientP99: number; n: number }
  wrk?: WrkResult[]
  multi: { services: number; alerts: number; clusters: number; processes: number; rows: MultiRow[] }
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-')
const ok = (pass: boolean) => (pass ? 'met' : '**missed**')

export function renderResults(r: BenchResults): string {
  const inline = r.multi.rows.find((x) => x.workers === 0)
  const growth = (r.rssAfterMb / r.rssIdleMb - 1) * 100
  const settled = (r.rssSettledMb / r.rssIdleMb - 1) * 100
  const pct = (g: number) => `${g >= 0 ? '+' : ''}${f(g, 1)} %`
  const lines = [
    '# Performance results (compiled binary)',
    '',
    `Produced by \`bun run bench\` (bench/perf/bench.ts) on ${r.date}: ${r.cores} cores, Bun ${r.bun}, binary dist/aiops-serve`,
    'started from an empty temp directory with the embedded dataset (AIOPS_USE_LLM=false, logs at warn).',
    'wrk runs follow an 8 s wrk run at -c10 that is discarded (the JIT is still compiling for the first dozen seconds of a load).',
    '',
    '| measure | value | target | |',
    '|---|---|---|---|',
    `| exec → /readyz 200 (p50 / max of 7 starts) | ${f(r.readyMs.p50, 1)} / ${f(r.readyMs.max, 1)} ms | ≤ 200 ms | ${ok(r.readyMs.max <= 200)} |`,
    `| idle RSS | ${f(r.rssIdleMb, 1)} MB | ≤ 80 MB | ${ok(r.rssIdleMb <= 80)} |`,
    `| RSS right after 10,000 requests (fetch, 10 in flight) | ${f(r.rssAfterMb, 1)} MB (${pct(growth)}) | ≤ +20 % | ${ok(growth <= 20)} |`,
    `| same, 2 s later (what stays after the collector ran) | ${f(r.rssSettledMb, 1)} MB (${pct(settled)}) | ≤ +20 % | ${ok(settled <= 20)} |`,
    `| 20-alert sample, sequential, server p50 / p99 (X-Response-Time-Ms, n=${r.sequential.n}) | ${f(r.sequential.serverP50, 3)} / ${f(r.sequential.serverP99, 3)} ms | p50 ≤ 1 ms | ${ok(r.sequential.serverP50 <= 1)} |`,
    `| same, client p50 / p99 (fetch, incl. HTTP) | ${f(r.sequential.clientP50, 3)} / ${f(r.sequential.clientP99, 3)} ms | | |`,
  ]
  for (const w of r.wrk ?? []) {
    const target = w.connections === 10 ? '≥ 5000 req/s, p99 ≤ 10 ms' : ''
    const pass = w.connections === 10 ? ok(w.rps >= 5000 && w.p99Ms <= 10) : ''
    lines.push(
      `| wrk -t${w.threads} -c${w.connections} -d${w.durationSec}s: req/s, p50 / p99 | ${f(w.rps, 0)} req/s, ${f(w.p50Ms)} / ${f(w.p99Ms)} ms (${w.requests} req, ${w.non2xx} non-2xx, ${w.socketErrors} socket errors) | ${target} | ${pass} |`,
    )
  }
  lines.push(`| RSS after all of the above | ${f(r.rssAfterLoadMb, 1)} MB | | |`)
  lines.push(
    '',
    `## Multi-cluster batch: ${r.multi.alerts} alerts, ${r.multi.clusters} clusters, ${r.multi.services}-service graph (bench/perf/multi-cluster.ts, seed 20260608)`,
    '',
    `Sequential, 100 requests after 200 warm-up, p50 per process; ${r.multi.processes} processes per setting, interleaved, and the median of their p50s (one process's figure swings with how its threads land on the vCPUs and with its JIT). Default settings: with workers, the whole request is answered by one of them.`,
    '`rca` is the correlate + rank phase from the Server-Timing header; `server` is X-Response-Time-Ms (body parse, validation, normalize, segment, rca, report, serialize).',
    '',
    '| AIOPS_RCA_WORKERS | server p50 | rca p50 | client p50 | server speed-up | rca speed-up | server p50 of each process |',
    '|---|---|---|---|---|---|---|',
  )
  for (const row of r.multi.rows) {
    const su = inline ? inline.serverP50 / row.serverP50 : NaN
    const ru = inline ? inline.rcaP50 / row.rcaP50 : NaN
    lines.push(
      `| ${row.workers}${row.workers === 0 ? ' (inline)' : ''} | ${f(row.serverP50)} ms | ${f(row.rcaP50)} ms | ${f(row.clientP50)} ms | ${f(su)}× | ${f(ru)}× | ${row.serverRuns.map((x) => f(x, 1)).join(', ')} ms |`,
    )
  }
  lines.push('', 'Target: ≥ 1.6× faster with workers than inline. Analysis of these figures: SUBMIT.md (issue 6).', '')
  return lines.join('\n')
}
