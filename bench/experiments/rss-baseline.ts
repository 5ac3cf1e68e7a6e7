/**
 * `bun run bench:rss [--rounds 2]`: how much of the RSS growth under load is
 * Bun's own. The compiled aiops-serve (workers on, and inline) next to two
 * bare Bun.serve binaries built here with the same flags (bench/bare: parse
 * the body, answer a report-sized JSON; inline, or through one worker as
 * aiops-serve's offload does). Each gets the load `bun run bench` uses
 * (10,000 requests of the 20-alert sample, 10 in flight, from fetch) and
 * reports RSS idle, right after, and 2 s later, interleaved round by round.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { numberFlag } from '../common/args.ts'
import { startBinary } from '../perf/binary-process.ts'
import { hammer } from '../perf/load.ts'

const ROOT = resolve(import.meta.dir, '../..')
const BIN = resolve(ROOT, 'dist/aiops-serve')
const SAMPLE = resolve(ROOT, 'dataset/samples/cascade-20.json')
const REQUESTS = 10_000
const CONCURRENCY = 10
const ROUNDS = numberFlag(process.argv, 'rounds', 2)

if (!existsSync(BIN)) {
  console.error('no dist/aiops-serve: run `bun run build` first')
  process.exit(2)
}

/** A bare server compiled as build.ts compiles ours (bytecode, ESM), so the runtimes match. */
function compileBare(entries: string[], name: string, dir: string): string {
  const out = join(dir, name)
  const p = Bun.spawnSync(
    [process.execPath, 'build', '--compile', '--bytecode', '--format=esm', ...entries.map((e) => resolve(import.meta.dir, 'bare', e)), '--outfile', out],
    { stderr: 'inherit', stdout: 'ignore' },
  )
  if (p.exitCode !== 0) throw new Error(`could not compile ${name}`)
  return out
}

const dir = mkdtempSync(join(tmpdir(), 'aiops-bare-'))
const variants: Array<{ label: string; path: string; env: Record<string, string> }> = [
  { label: 'aiops-serve', path: BIN, env: {} },
  { label: 'aiops-serve, no workers', path: BIN, env: { AIOPS_RCA_WORKERS: '0' } },
  { label: 'bare Bun.serve + worker', path: compileBare(['offload.ts', 'offload.worker.ts'], 'bare-offload', dir), env: {} },
  { label: 'bare Bun.serve', path: compileBare(['inline.ts'], 'bare-inline', dir), env: {} },
]
const body = await Bun.file(SAMPLE).text()
const pct = (x: number, base: number) => `${x.toFixed(1)} MB (${x >= base ? '+' : ''}${(x - base).toFixed(1)} MB, ${((x / base - 1) * 100).toFixed(0)} %)`

console.log(`${navigator.hardwareConcurrency} cores, Bun ${Bun.version}; ${REQUESTS} requests, ${CONCURRENCY} in flight, ${ROUNDS} interleaved rounds`)
for (let round = 1; round <= ROUNDS; round++) {
  for (const v of variants) {
    const b = await startBinary(v.path, v.env)
    try {
      await Bun.sleep(500)
      const idle = b.rssMb()
      const t = performance.now()
      await hammer(b.url, body, REQUESTS, CONCURRENCY)
      const rps = (REQUESTS / (performance.now() - t)) * 1000
      const after = b.rssMb()
      await Bun.sleep(2000)
      const settled = b.rssMb()
      console.log(
        `round ${round}  ${v.label.padEnd(24)} idle ${idle.toFixed(1)} MB | right after ${pct(after, idle)} | 2 s later ${pct(settled, idle)} | ${rps.toFixed(0)} req/s`,
      )
    } finally {
      await b.stop()
    }
  }
}
