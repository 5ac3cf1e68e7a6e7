/**
 * `bun run bench:offload [--settings 0,3,8,16] [--rounds 2] [--seconds 10] [--connections 10]`:
 * how many whole requests a worker may hold (AIOPS_RCA_OFFLOAD_PER_WORKER)
 * against throughput, on the compiled binary with wrk and the 20-alert
 * sample: the interleaved comparison of bench/perf/ab.ts (fresh binary per run,
 * warm-up, CPU per request by thread), one variant per setting. How the
 * default was chosen (DESIGN.md, Workers).
 */
import { resolve } from 'node:path'
import { compare, requireTools, type Variant } from '../perf/ab.ts'
import { flag, numberFlag } from '../common/args.ts'

const binary = resolve(import.meta.dir, '../..', 'dist/aiops-serve')
const args = process.argv.slice(2)
const variants = flag(args, 'settings', '0,3,8,16')
  .split(',')
  .map((k): Variant => ({ label: `offload=${k}`, path: binary, env: { AIOPS_RCA_OFFLOAD_PER_WORKER: k } }))
requireTools(variants, 'no dist/aiops-serve: run `bun run build` first')
await compare(variants, { rounds: numberFlag(args, 'rounds', 2), seconds: numberFlag(args, 'seconds', 10), connections: numberFlag(args, 'connections', 10) })
