/**
 * `bun run bench:shadow -- [--rounds 3] [--seconds 8] [--requests 2000] [--binary dist/aiops-serve]`:
 * live latency with shadowing off next to on (AIOPS_SHADOW_SAMPLE=1 and a
 * candidate set: the embedded graph minus one call edge, with max_hop 3), on
 * the binary, interleaved round after round so the VM's drift hits both
 * alike. Each run starts a fresh binary and measures: N sequential POST
 * /incident of the 20-alert sample after a warm-up (client-side p50/p99),
 * then wrk c10 after a warm-up (req/s, p50, p99); with shadowing on it also
 * prints how many batches the candidate compared and skipped, so "on" is
 * seen to do its work.
 */
import { resolve } from 'node:path'
import { numberFlag } from './args.ts'
import { startBinary, type Binary } from './binary-process.ts'
import { sequential } from './load.ts'
import { percentile } from './stats.ts'
import { hasWrk, runWrk } from './wrk.ts'

const root = resolve(import.meta.dir, '..')
const SAMPLE = `${root}/dataset/samples/cascade-20.json`
const TOKEN = 'bench-shadow-admin-token'
const WARM_UP_SEC = 6
const SEQUENTIAL_WARM_UP = 300

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

interface Run {
  seqP50: number
  seqP99: number
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
    { label: 'off', shadow: false },
    { label: 'on', shadow: true },
  ]
  const results = new Map<string, Run[]>(variants.map((v) => [v.label, []]))
  const f = (x: number, d = 3) => x.toFixed(d).padStart(7)
  console.log(`${navigator.hardwareConcurrency} cores; sequential: ${requests} requests after ${SEQUENTIAL_WARM_UP}; wrk -t1 -c10 -d${seconds}s after a ${WARM_UP_SEC} s warm-up; ${rounds} interleaved rounds`)
  for (let round = 1; round <= rounds; round++) {
    for (const v of variants) {
      const b = await startBinary(binary, { AIOPS_ADMIN_TOKEN: TOKEN, AIOPS_SHADOW_SAMPLE: '1' })
      try {
        if (v.shadow) await admin(b, 'PUT', '/admin/shadow', candidate)
        const seq = (await sequential(b.url, body, requests, SEQUENTIAL_WARM_UP)).map((r) => r.clientMs)
        await runWrk(`${b.url}/incident`, SAMPLE, 10, WARM_UP_SEC)
        const w = await runWrk(`${b.url}/incident`, SAMPLE, 10, seconds)
        const run = { seqP50: percentile(seq, 50), seqP99: percentile(seq, 99), rps: w.rps, wrkP50: w.p50Ms, wrkP99: w.p99Ms }
        results.get(v.label)!.push(run)
        let shadowed = ''
        if (v.shadow) {
          const r = await admin(b, 'GET', '/admin/shadow')
          shadowed = ` | shadow compared ${r.compared} skipped ${r.skipped.total} (root agreement ${r.agreement.root_cause})`
        }
        console.log(
          `round ${round}  ${v.label.padEnd(4)} sequential p50 ${f(run.seqP50)} ms p99 ${f(run.seqP99)} ms | c10 ${run.rps.toFixed(0).padStart(5)} req/s p50 ${f(run.wrkP50)} ms p99 ${f(run.wrkP99)} ms${shadowed}`,
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
      `  ${label.padEnd(4)} sequential p50 ${range(rs.map((r) => r.seqP50), 3)} ms | c10 ${range(rs.map((r) => r.rps), 0)} req/s, p50 ${range(rs.map((r) => r.wrkP50), 3)} ms, p99 ${range(rs.map((r) => r.wrkP99), 2)} ms`,
    )
  }
}
