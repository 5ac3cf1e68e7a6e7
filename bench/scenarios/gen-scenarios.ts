/**
 * Scenario generator CLI: writes an evaluation directory in the eval-public layout
 * (DIR/<topology>.jsonl, DIR/topologies/<topology>.json and .history.json) from our own
 * synthetic model (bench/scenarios/gen/*): random layered call graphs, faults propagated upstream,
 * noise, skew and sender quirks. Deterministic: the same arguments write the same bytes.
 *
 *   bun bench/scenarios/gen-scenarios.ts --out DIR [--seed N] [--topologies K] [--per-topology M]
 *                              [--min-services 10] [--max-services 1000]
 */
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { generateScenario } from './gen/batch.ts'
import { generateHistory } from './gen/history.ts'
import { hashSeed, Rng } from './gen/prng.ts'
import { generateTopology, graphDocument } from './gen/topology.ts'

const USAGE = `usage: bun bench/scenarios/gen-scenarios.ts --out DIR [--seed N] [--topologies K] [--per-topology M] [--min-services 10] [--max-services 1000]`

interface GenArgs {
  out: string
  seed: number
  topologies: number
  perTopology: number
  minServices: number
  maxServices: number
}

function parseArgs(argv: readonly string[]): GenArgs {
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-h' || arg === '--help') throw new Error('')
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`)
    const eq = arg.indexOf('=')
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined) throw new Error(`${arg} needs a value`)
    flags.set(eq >= 0 ? arg.slice(0, eq) : arg, value)
  }
  const known = ['--out', '--seed', '--topologies', '--per-topology', '--min-services', '--max-services']
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`unknown option ${k}`)
  const int = (k: string, dflt: number, min: number): number => {
    const raw = flags.get(k)
    if (raw === undefined) return dflt
    const v = Number(raw)
    if (!Number.isInteger(v) || v < min) throw new Error(`${k} must be an integer >= ${min}, got ${raw}`)
    return v
  }
  const out = flags.get('--out')
  if (out === undefined) throw new Error('--out is required')
  const args = {
    out: resolve(process.cwd(), out),
    seed: int('--seed', 1, 0),
    topologies: int('--topologies', 3, 1),
    perTopology: int('--per-topology', 20, 1),
    minServices: int('--min-services', 10, 6),
    maxServices: int('--max-services', 1000, 6),
  }
  if (args.maxServices < args.minServices) throw new Error('--max-services must be >= --min-services')
  return args
}

async function main(argv: string[]): Promise<number> {
  let args: GenArgs
  try {
    args = parseArgs(argv)
  } catch (e) {
    const msg = (e as Error).message
    console.error(msg === '' ? USAGE : `${msg}\n${USAGE}`)
    return msg === '' ? 0 : 2
  }
  await mkdir(join(args.out, 'topologies'), { recursive: true })
  for (let k = 0; k < args.topologies; k++) {
    // Sub-seeds per topology and per scenario keep each file stable when others change.
    const topoRng = new Rng(hashSeed(args.seed, 'topology', k))
    const size = topoRng.logInt(args.minServices, args.maxServices)
    const name = `syn-${String(k).padStart(2, '0')}-n${size}`
    const topo = generateTopology(topoRng, name, size)
    const doc = graphDocument(topo, hashSeed(args.seed, 'topology', k))
    const historyBefore = 1_767_571_200 - topoRng.int(1, 30) * 86_400
    const history = generateHistory(new Rng(hashSeed(args.seed, 'history', k)), topo, historyBefore)
    const lines: string[] = []
    for (let m = 0; m < args.perTopology; m++) {
      const rng = new Rng(hashSeed(args.seed, 'scenario', k, m))
      const scenario = generateScenario(rng, topo, `${name}-p${String(m).padStart(3, '0')}`)
      const cls = scenario.meta?.knobs?.size_class ?? ''
      lines.push(JSON.stringify({ ...scenario, name: `${scenario.name}-${cls}-i${scenario.truth.incidents.length}` }))
    }
    await Bun.write(join(args.out, `${name}.jsonl`), `${lines.join('\n')}\n`)
    await Bun.write(join(args.out, 'topologies', `${name}.json`), `${JSON.stringify(doc, null, 1)}\n`)
    await Bun.write(join(args.out, 'topologies', `${name}.history.json`), `${JSON.stringify(history, null, 1)}\n`)
    const hidden = topo.nodes.size - doc.services.length
    console.error(
      `[gen] ${name}: ${doc.services.length} services, ${doc.edges.length} edges, ${hidden} hidden, ` +
        `${lines.length} scenarios, ${history.length} past incidents`,
    )
  }
  return 0
}

process.exit(await main(process.argv.slice(2)))
