/**
 * Scenario generator CLI: writes an evaluation directory in the eval-public layout
 * (DIR/<topology>.jsonl, DIR/topologies/<topology>.json and .history.json) from our own
 * synthetic model (bench/scenarios/gen/*): layered call graphs with platform hubs, faults propagated
 * upstream, noise, skew and sender quirks, and the named situations real fault data shows
 * (bench/scenarios/gen/situations.ts: quiet dependencies below a loud root, silent roots seen only
 * through edge alerts, chronic alerts, small batches on big graphs, a root's caller-side view
 * alerting with it, and the original cascades). Each scenario records its situation in
 * meta.situation. Deterministic: the same arguments write the same bytes.
 *
 *   bun bench/scenarios/gen-scenarios.ts --out DIR [--seed N] [--topologies K] [--per-topology M]
 *                              [--min-services 50] [--max-services 1000] [--mix all|name=w,...]
 *
 * Held-out rule: seed 2028 is the development seed (tune and debug on it); seed 4242 is held
 * out: generate and score it only to check a finished change, never to choose a constant.
 * `--mix cascade` gives the original model alone.
 */
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { generateHistory } from './gen/history.ts'
import { hashSeed, Rng } from './gen/prng.ts'
import { makeProfile } from './gen/profile.ts'
import { generateSituationScenario } from './gen/situation-batch.ts'
import { allocate, DEFAULT_MIX, parseMix, SITUATION_HELP, SITUATIONS, type Mix } from './gen/situations.ts'
import { generateTopology, graphDocument } from './gen/topology.ts'

const USAGE = `usage: bun bench/scenarios/gen-scenarios.ts --out DIR [--seed N] [--topologies K] [--per-topology M] [--min-services 50] [--max-services 1000] [--mix all|name=w,...]
  --mix   situations and their weights per topology (default: ${[...DEFAULT_MIX].map(([s, w]) => `${s}=${w}`).join(',')})
${SITUATIONS.map((s) => `          ${s.padEnd(12)} ${SITUATION_HELP[s]}`).join('\n')}
  seed 2028 is the development seed; seed 4242 is held out (never tuned on)`

interface GenArgs {
  out: string
  seed: number
  topologies: number
  perTopology: number
  minServices: number
  maxServices: number
  mix: Mix
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
  const known = ['--out', '--seed', '--topologies', '--per-topology', '--min-services', '--max-services', '--mix']
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
    minServices: int('--min-services', 50, 6),
    maxServices: int('--max-services', 1000, 6),
    mix: parseMix(flags.get('--mix') ?? 'all'),
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
    const topo = generateTopology(topoRng, name, size, { platform: true })
    const doc = graphDocument(topo, hashSeed(args.seed, 'topology', k))
    const historyBefore = 1_767_571_200 - topoRng.int(1, 30) * 86_400
    const history = generateHistory(new Rng(hashSeed(args.seed, 'history', k)), topo, historyBefore)
    const profile = makeProfile(new Rng(hashSeed(args.seed, 'profile', k)), topo)
    const situations = allocate(new Rng(hashSeed(args.seed, 'mix', k)), args.mix, args.perTopology)
    const lines: string[] = []
    for (const [m, situation] of situations.entries()) {
      const rng = new Rng(hashSeed(args.seed, 'scenario', k, m))
      const scenario = generateSituationScenario(rng, topo, profile, situation, `${name}-p${String(m).padStart(3, '0')}`)
      const cls = scenario.meta?.knobs?.size_class ?? ''
      const kind = scenario.meta?.situation ?? situation
      lines.push(JSON.stringify({ ...scenario, name: `${scenario.name}-${kind}-${cls}-i${scenario.truth.incidents.length}` }))
    }
    await Bun.write(join(args.out, `${name}.jsonl`), `${lines.join('\n')}\n`)
    await Bun.write(join(args.out, 'topologies', `${name}.json`), `${JSON.stringify(doc, null, 1)}\n`)
    await Bun.write(join(args.out, 'topologies', `${name}.history.json`), `${JSON.stringify(history, null, 1)}\n`)
    const hidden = topo.nodes.size - doc.services.length
    console.error(
      `[gen] ${name}: ${doc.services.length} services, ${doc.edges.length} edges, ${hidden} hidden, ` +
        `${lines.length} scenarios, ${history.length} past incidents; mesh ${profile.mesh}, chronic ${profile.chronic.map((f) => `${f.service}/${f.metric}`).join(' ')}`,
    )
  }
  return 0
}

process.exit(await main(process.argv.slice(2)))
