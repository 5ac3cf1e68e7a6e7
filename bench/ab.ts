/**
 * `bun run bench:ab -- <label>=<binary>[,VAR=value…] … [--rounds 2] [--seconds 8] [--connections 10]`:
 * two or more builds or settings of the service compared under wrk with the
 * 20-alert sample, interleaved round after round (this VM drifts by ±15 %
 * from one minute to the next, so back-to-back blocks would measure the
 * drift). Each run starts a fresh binary, discards a 6 s warm-up (JIT), then
 * reports req/s, p99, and the server's CPU per request by thread group
 * (bench/thread-cpu.ts): a change that saves CPU shows there even when
 * req/s is lost in the noise.
 * @example bun run bench:ab -- old=/tmp/aiops-old new=dist/aiops-serve
 * @example bun run bench:ab -- k3=dist/aiops-serve,AIOPS_RCA_OFFLOAD_PER_WORKER=3 k8=dist/aiops-serve --connections 50
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { startBinary } from './binary-process.ts'
import { cpuPerRequest, threadCpu } from './thread-cpu.ts'
import { hasWrk, runWrk } from './wrk.ts'

const root = resolve(import.meta.dir, '..')
const sample = `${root}/dataset/samples/cascade-20.json`
const args = process.argv.slice(2)
const flag = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : def
}
const rounds = Number(flag('rounds', '2'))
const seconds = Number(flag('seconds', '8'))
const connections = Number(flag('connections', '10'))
const variants = args
  .filter((a, i) => a.includes('=') && !args[i - 1]?.startsWith('--'))
  .map((a) => {
    const [label, spec] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
    const [path, ...env] = spec.split(',')
    return { label, path: resolve(path!), env: Object.fromEntries(env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) }
  })
if (variants.length === 0 || !hasWrk() || variants.some((v) => !existsSync(v.path))) {
  console.error(hasWrk() ? 'usage: bun bench/ab.ts <label>=<binary>[,VAR=value…] … (every binary must exist)' : 'wrk not found (apt-get install wrk)')
  process.exit(2)
}

const f = (x: number, d = 1) => x.toFixed(d).padStart(6)
console.log(`${navigator.hardwareConcurrency} cores, wrk -t1 -c${connections} -d${seconds}s after a 6 s warm-up, ${rounds} interleaved rounds; CPU in µs per request`)
const results = new Map<string, number[]>(variants.map((v) => [v.label, []]))
for (let round = 1; round <= rounds; round++) {
  for (const v of variants) {
    const b = await startBinary(v.path, v.env)
    try {
      await runWrk(`${b.url}/incident`, sample, connections, 6)
      const before = threadCpu(b.pid)
      const r = await runWrk(`${b.url}/incident`, sample, connections, seconds)
      const cpu = cpuPerRequest(before, threadCpu(b.pid), r.requests)
      results.get(v.label)!.push(r.rps)
      console.log(
        `round ${round}  ${v.label.padEnd(12)} ${r.rps.toFixed(0).padStart(5)} req/s  p99 ${f(r.p99Ms, 2)} ms | CPU total ${f(cpu.total)}  main ${f(cpu.main)}  workers ${f(cpu.workers)}  jit ${f(cpu.jit)}  gc ${f(cpu.gc)}  other ${f(cpu.other)}`,
      )
    } finally {
      await b.stop()
    }
  }
}
console.log('req/s per variant, over the rounds:')
for (const [label, xs] of results) console.log(`  ${label.padEnd(12)} ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`)
