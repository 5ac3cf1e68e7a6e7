/**
 * `bun run bench:shadow -- [--rounds 3] [--seconds 8] [--requests 2000] [--binary dist/aiops-serve] [--attribute]`:
 * live latency with shadowing off next to on (AIOPS_SHADOW_SAMPLE=1 and a
 * candidate set: the embedded graph minus one call edge, with max_hop 3), on
 * the binary, interleaved round after round (the order flipping each round)
 * so the VM's drift hits both alike. Each run starts a fresh binary and measures: N sequential POST
 * /incident of the 20-alert sample after a warm-up (client-side p50/p99);
 * paced traffic, one batch every PACE_MS (how alerting traffic arrives: the
 * candidate has room to run, so here it compares every batch); then wrk c10
 * after a warm-up (req/s, p50, p99). With shadowing on it prints how many
 * batches the candidate compared and skipped in each phase, so "on" is seen
 * to do its work.
 */
import { resolve } from 'node:path'
import { numberFlag } from '../common/args.ts'
import { startBinary, type Binary } from './binary-process.ts'
import { postTimed, sequential } from './load.ts'
import { percentile } from '../common/stats.ts'
import { hasWrk, runWrk } from './wrk.ts'

const root = resolve(import.meta.dir, '../..')
const SAMPLE = `${root}/dataset/samples/cascade-20.json`
const TOKEN = 'bench-shadow-admin-token'
const WARM_UP_SEC = 6
const SEQUENTIAL_WARM_UP = 300
// Well above the shadow's quiet period, far below Alertmanager's group_interval.
const PACE_MS = 20
const PACED_REQUESTS = 200

/** The embedded graph without its last call edge, and one more hop: a plausible candidate that disagrees somewhere. */
async function candidateBody(): Promise<string> {
  const graph = (await Bun.file(`${root}/dataset/services.json`).json()) as { version?: string; edges: unknown[] }
  return JSON.stringify({ graph: { ...graph, version: 'bench-candidate', edges: graph.edges.slice(0, -1) }, config: { max_hop: 3 } })
}

async function admin(b: Binary, method: string, path: string, body?: string): Promise<any> {
  const res = await fetch(`${b.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body })
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`)
  return res.json()
}

/** `n` timed requests, one every `everyMs` (client-side latency of each). */
async function paced(url: string, body: string, n: number, everyMs: number): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    ms.push((await postTimed(url, body)).clientMs)
    await Bun.sleep(Math.max(0, everyMs - (performance.now() - t)))
  }
  return ms
}

interface Run {
  seqP50: number
  seqP99: number
  pacedP50: number
  pacedP99: number
  rps: number
  wrkP50: number
  wrkP99: number
}

if (import.meta.main) {
  const args = process.argv.slice(2)
  const rounds = numberFlag(args, 'rounds', 3)
  const seconds = numberFlag(args, 'seconds', 8)
  const requests = numberFlag(args, 'requests', 2000)
  const bi = args.indexOf('--binary')
  const binary = resolve(bi >= 0 ? args[bi + 1]! : `${root}/dist/aiops-serve`)
  if (!hasWrk()) {
    console.error('wrk not found (apt-get install wrk)')
    process.exit(2)
  }
  const body = await Bun.file(SAMPLE).text()
  const candidate = await candidateBody()
  const variants = [
    { label: 'off', shadow: false, sample: '1' },
    { label: 'on', shadow: true, sample: '1' },
  ]
  // --attribute: also a candidate with AIOPS_SHADOW_SAMPLE=0, which pays the offer but never runs the candidate.
  if (args.includes('--attribute')) variants.push({ label: 'on-s0', shadow: true, sample: '0' })
  const results = new Map<string, Run[]>(variants.map((v) => [v.label, []]))
  const f = (x: number, d = 3) => x.toFixed(d).padStart(7)
  console.log(
    `${navigator.hardwareConcurrency} cores; sequential: ${requests} requests after ${SEQUENTIAL_WARM_UP}; paced: ${PACED_REQUESTS} requests, one every ${PACE_MS} ms; wrk -t1 -c10 -d${seconds}s after a ${WARM_UP_SEC} s warm-up; ${rounds} interleaved rounds, order flipped every round`,
  )
  for (let round = 1; round <= rounds; round++) {
    // ABBA: the order flips every round, so neither variant always runs first after the other's load.
    for (const v of round % 2 === 1 ? variants : [...variants].reverse()) {
      const b = await startBinary(binary, { AIOPS_ADMIN_TOKEN: TOKEN, AIOPS_SHADOW_SAMPLE: v.sample })
      try {
        if (v.shadow) await admin(b, 'PUT', '/admin/shadow', candidate)
        // Shadow counts per phase: compared/skipped since the previous look.
        const counts: string[] = []
        let last = { compared: 0, skipped: 0 }
        const look = async (phase: string) => {
          if (!v.shadow) return
          await Bun.sleep(100) // let the queue drain what it will
          const r = await admin(b, 'GET', '/admin/shadow')
          counts.push(`${phase} ${r.compared - last.compared}/${r.skipped.total - last.skipped}`)
          last = { compared: r.compared, skipped: r.skipped.total }
        }
        const seq = (await sequential(b.url, body, requests, SEQUENTIAL_WARM_UP)).map((r) => r.clientMs)
        await look('sequential')
        const pace = await paced(b.url, body, PACED_REQUESTS, PACE_MS)
        await look('paced')
        await runWrk(`${b.url}/incident`, SAMPLE, 10, WARM_UP_SEC)
        const w = await runWrk(`${b.url}/incident`, SAMPLE, 10, seconds)
        await look('c10 (incl. warm-up)')
        const run = {
          seqP50: percentile(seq, 50),
          seqP99: percentile(seq, 99),
          pacedP50: percentile(pace, 50),
          pacedP99: percentile(pace, 99),
          rps: w.rps,
          wrkP50: w.p50Ms,
          wrkP99: w.p99Ms,
        }
        results.get(v.label)!.push(run)
        console.log(
          `round ${round}  ${v.label.padEnd(5)} sequential p50 ${f(run.seqP50)} p99 ${f(run.seqP99)} | paced p50 ${f(run.pacedP50)} p99 ${f(run.pacedP99)} | c10 ${run.rps.toFixed(0).padStart(5)} req/s p50 ${f(run.wrkP50)} p99 ${f(run.wrkP99, 2)} ms` +
            (counts.length ? `\n          shadow compared/skipped: ${counts.join(', ')}` : ''),
        )
      } finally {
        await b.stop()
      }
    }
  }
  const range = (xs: number[], d: number) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`
  console.log('per variant, over the rounds:')
  for (const [label, rs] of results) {
    console.log(
      `  ${label.padEnd(5)} sequential p50 ${range(
        rs.map((r) => r.seqP50),
        3,
      )} ms | paced p50 ${range(
        rs.map((r) => r.pacedP50),
        3,
      )} ms | c10 ${range(
        rs.map((r) => r.rps),
        0,
      )} req/s, p50 ${range(
        rs.map((r) => r.wrkP50),
        3,
      )} ms, p99 ${range(
        rs.map((r) => r.wrkP99),
        2,
      )} ms`,
    )
  }
}
