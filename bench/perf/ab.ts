/**
 * `bun run bench:ab -- <label>=<binary>[,VAR=value…] … [--rounds 2] [--seconds 8] [--connections 10]`:
 * two or more builds or settings of the service compared under wrk with the
 * 20-alert sample, interleaved round after round (this VM drifts by ±15 %
 * from one minute to the next, so back-to-back blocks would measure the
 * drift). Each run starts a fresh binary, discards a 6 s warm-up (JIT), then
 * reports req/s, p99, and the server's CPU per request by thread group
 * (bench/perf/thread-cpu.ts): a change that saves CPU shows there even when
 * req/s is lost in the noise.
 * @example bun run bench:ab -- old=/tmp/aiops-old new=dist/aiops-serve
 * @example bun run bench:ab -- w1=dist/aiops-serve,AIOPS_RCA_WORKERS=1 w2=dist/aiops-serve,AIOPS_RCA_WORKERS=2 --connections 50
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { numberFlag } from '../common/args.ts'
import { startBinary } from './binary-process.ts'
import { cpuPerRequest, threadCpu } from './thread-cpu.ts'
import { hasWrk, runWrk } from './wrk.ts'

const root = resolve(import.meta.dir, '../..')
const SAMPLE = `${root}/dataset/samples/cascade-20.json`
const WARM_UP_SEC = 6

export interface Variant {
  label: string
  path: string
  env: Record<string, string>
}

export interface CompareOptions {
  rounds: number
  seconds: number
  connections: number
}

/** Runs every variant once per round, interleaved; prints each run and the req/s range per variant. */
export async function compare(variants: readonly Variant[], { rounds, seconds, connections }: CompareOptions): Promise<void> {
  const f = (x: number, d = 1) => x.toFixed(d).padStart(6)
  console.log(
    `${navigator.hardwareConcurrency} cores, wrk -t1 -c${connections} -d${seconds}s after a ${WARM_UP_SEC} s warm-up, ${rounds} interleaved rounds; CPU in µs per request`,
  )
  const results = new Map<string, Array<{ rps: number; p99Ms: number }>>(variants.map((v) => [v.label, []]))
  for (let round = 1; round <= rounds; round++) {
    for (const v of variants) {
      const b = await startBinary(v.path, v.env)
      try {
        await runWrk(`${b.url}/incident`, SAMPLE, connections, WARM_UP_SEC)
        const before = threadCpu(b.pid)
        const r = await runWrk(`${b.url}/incident`, SAMPLE, connections, seconds)
        const cpu = cpuPerRequest(before, threadCpu(b.pid), r.requests)
        results.get(v.label)!.push({ rps: r.rps, p99Ms: r.p99Ms })
        console.log(
          `round ${round}  ${v.label.padEnd(12)} ${r.rps.toFixed(0).padStart(5)} req/s  p99 ${f(r.p99Ms, 2)} ms | CPU total ${f(cpu.total)}  main ${f(cpu.main)}  workers ${f(cpu.workers)}  jit ${f(cpu.jit)}  gc ${f(cpu.gc)}  other ${f(cpu.other)}`,
        )
      } finally {
        await b.stop()
      }
    }
  }
  // Ranges, not one central figure: with a few noisy rounds the spread is the honest answer.
  const range = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`
  console.log('per variant, over the rounds:')
  for (const [label, rs] of results)
    console.log(
      `  ${label.padEnd(12)} ${range(
        rs.map((r) => r.rps),
        0,
      ).padStart(11)} req/s  p99 ${range(
        rs.map((r) => r.p99Ms),
        2,
      )} ms`,
    )
}

/** Exits with a message when wrk or a variant's binary is missing. */
export function requireTools(variants: readonly Variant[], usage: string): void {
  if (variants.length > 0 && hasWrk() && variants.every((v) => existsSync(v.path))) return
  console.error(hasWrk() ? usage : 'wrk not found (apt-get install wrk)')
  process.exit(2)
}

if (import.meta.main) {
  const args = process.argv.slice(2)
  const variants = args
    .filter((a, i) => a.includes('=') && !args[i - 1]?.startsWith('--'))
    .map((a): Variant => {
      const [label, spec] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      const [path, ...env] = spec.split(',')
      return { label, path: resolve(path!), env: Object.fromEntries(env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) }
    })
  requireTools(variants, 'usage: bun bench/perf/ab.ts <label>=<binary>[,VAR=value…] … (every binary must exist)')
  await compare(variants, { rounds: numberFlag(args, 'rounds', 2), seconds: numberFlag(args, 'seconds', 8), connections: numberFlag(args, 'connections', 10) })
}
