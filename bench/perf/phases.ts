/**
 * `bun bench/perf/phases.ts [sample.json] [--n 20] [--concurrency 4]`: where a
 * request's time goes, measured on the compiled binary. Sends N sequential
 * requests of a sample batch, then N more with C in flight, and prints p50/p99
 * of the server time (X-Response-Time-Ms) and the median of each pipeline
 * phase from the Server-Timing header (normalize, segment, rca, report,
 * serialize). Every request is a cold-ish process's n-th request, as a user
 * calling it by hand would see; `bun run bench` measures the warm steady state.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { numberFlag } from '../common/args.ts'
import { startBinary } from './binary-process.ts'
import { p50, p99 } from '../common/stats.ts'

const root = resolve(import.meta.dir, '../..')
const args = process.argv.slice(2)
const sample = resolve(args.find((a) => a.endsWith('.json')) ?? `${root}/dataset/samples/cascade-20.json`)
const n = numberFlag(args, 'n', 20)
const concurrency = numberFlag(args, 'concurrency', 4)
const binary = `${root}/dist/aiops-serve`
if (!existsSync(binary)) {
  console.error('no dist/aiops-serve: run `bun run build` first')
  process.exit(2)
}

interface Sample {
  serverMs: number
  clientMs: number
  phases: Record<string, number>
}

async function one(url: string, body: string): Promise<Sample> {
  const t0 = performance.now()
  const res = await fetch(`${url}/incident`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
  await res.arrayBuffer()
  const clientMs = performance.now() - t0
  const phases: Record<string, number> = {}
  for (const part of (res.headers.get('server-timing') ?? '').split(',')) {
    const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part)
    if (m) phases[m[1]!] = Number(m[2])
  }
  return { serverMs: Number(res.headers.get('x-response-time-ms')), clientMs, phases }
}

function summary(label: string, samples: Sample[], wallMs: number): void {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.phases)))]
  const phase = names.map((k) => `${k} ${p50(samples.map((s) => s.phases[k] ?? 0)).toFixed(3)}`).join(', ')
  console.log(
    `${label}: server p50 ${p50(samples.map((s) => s.serverMs)).toFixed(3)} ms, p99 ${p99(samples.map((s) => s.serverMs)).toFixed(3)} ms; client p50 ${p50(samples.map((s) => s.clientMs)).toFixed(3)} ms, p99 ${p99(samples.map((s) => s.clientMs)).toFixed(3)} ms; ${((samples.length / wallMs) * 1000).toFixed(0)} req/s`,
  )
  console.log(`  phase medians (ms): ${phase}`)
}

const body = await Bun.file(sample).text()
const bin = await startBinary(binary, { AIOPS_USE_LLM: 'false', AIOPS_LOG_LEVEL: 'warn' })
try {
  console.log(`${sample.replace(`${root}/`, '')} on dist/aiops-serve (ready in ${bin.readyMs.toFixed(0)} ms)`)
  let t = performance.now()
  const seq: Sample[] = []
  for (let i = 0; i < n; i++) seq.push(await one(bin.url, body))
  summary(`${n} sequential`, seq, performance.now() - t)
  t = performance.now()
  const par: Sample[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) par.push(await one(bin.url, body))
    }),
  )
  summary(`${n} at concurrency ${concurrency}`, par, performance.now() - t)
} finally {
  await bin.stop()
}
