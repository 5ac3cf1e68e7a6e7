/**
 * `bun run bench:offload [--settings 0,3,8,16] [--rounds 2] [--seconds 10] [--connections 10]`:
 * how many whole requests a worker may hold (AIOPS_RCA_OFFLOAD_PER_WORKER)
 * against throughput, on the compiled binary with wrk and the 20-alert
 * sample. Settings run interleaved, round after round, each on a fresh
 * binary warmed for 4 s, because this VM drifts by ±15 % from one minute to
 * the next and back-to-back blocks would measure the drift. Prints each run
 * and the range per setting. How the default was chosen (DESIGN.md, Workers).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { startBinary } from './binary-process.ts'
import { hasWrk, runWrk } from './wrk.ts'

const root = resolve(import.meta.dir, '..')
const binary = `${root}/dist/aiops-serve`
const sample = `${root}/dataset/samples/cascade-20.json`
const args = process.argv.slice(2)
const flag = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : def
}
const settings = flag('settings', '0,3,8,16').split(',')
const rounds = Number(flag('rounds', '2'))
const seconds = Number(flag('seconds', '10'))
const connections = Number(flag('connections', '10'))
if (!existsSync(binary) || !hasWrk()) {
  console.error(existsSync(binary) ? 'wrk not found (apt-get install wrk)' : 'no dist/aiops-serve: run `bun run build` first')
  process.exit(2)
}

const runs = new Map<string, { rps: number; p99Ms: number }[]>(settings.map((s) => [s, []]))
console.log(`${navigator.hardwareConcurrency} cores, wrk -t1 -c${connections} -d${seconds}s, ${rounds} interleaved rounds`)
for (let round = 1; round <= rounds; round++) {
  for (const setting of settings) {
    const b = await startBinary(binary, { AIOPS_RCA_OFFLOAD_PER_WORKER: setting })
    try {
      await runWrk(`${b.url}/incident`, sample, connections, 4) // warm-up: JIT on both threads
      const r = await runWrk(`${b.url}/incident`, sample, connections, seconds)
      runs.get(setting)!.push({ rps: r.rps, p99Ms: r.p99Ms })
      console.log(`round ${round}  AIOPS_RCA_OFFLOAD_PER_WORKER=${setting.padEnd(4)} ${r.rps.toFixed(0).padStart(5)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  non-2xx ${r.non2xx}`)
    } finally {
      await b.stop()
    }
  }
}
// Ranges, not one central figure: with a few noisy rounds the spread is the honest answer.
const range = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`
console.log('per setting, over the rounds:')
for (const [setting, rs] of runs) {
  console.log(`  ${setting.padEnd(4)} ${range(rs.map((r) => r.rps), 0).padStart(11)} req/s  p99 ${range(rs.map((r) => r.p99Ms), 2)} ms`)
}
