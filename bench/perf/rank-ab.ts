/**
 * `bun bench/perf/rank-ab.ts --base DIR [--rounds N]`: A/B of the analysis pipeline
 * (triage, inline) of this tree against another checkout of the project (DIR,
 * e.g. `git archive <commit> | tar -x -C DIR`), on 1000-alert batches of a
 * 1000-service graph (bench/scenarios/gen-large.ts). Rounds alternate A and B in one
 * process, so machine drift hits both; prints the median ms of each and the
 * ratio. This is how the ranking change was held to its speed budget.
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { alertBatch, largeGraph } from '../scenarios/gen-large.ts'
import type { Alert } from '../../src/domain/model.ts'

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    rounds: { type: 'string', default: '30' },
    services: { type: 'string', default: '1000' },
    alerts: { type: 'string', default: '1000' },
  },
})
if (!values.base) {
  console.error('usage: bun bench/perf/rank-ab.ts --base DIR [--rounds 30] [--services 1000] [--alerts 1000]')
  process.exit(2)
}
type Side = { name: string; run: (alerts: Alert[]) => Promise<unknown> }

async function side(name: string, root: string, doc: ReturnType<typeof largeGraph>): Promise<Side> {
  const { parseGraphDocument } = await import(resolve(root, 'src/graph/parse.ts'))
  const { createSnapshot } = await import(resolve(root, 'src/graph/store.ts'))
  const graph = parseGraphDocument(doc, { hash: 'ab', fallbackVersion: 'ab' })
  const snap = createSnapshot({ graph, history: [], graphOrigin: 'ab', historyOrigin: 'ab', historyHash: 'ab', loadedAt: '' })
  const options = { method: 'explain', gapSec: 120, maxHop: 2 }
  // The request path moved (src/rca → src/incident, positional → one input object); either checkout runs.
  if (await Bun.file(resolve(root, 'src/incident/triage.ts')).exists()) {
    const { triage } = await import(resolve(root, 'src/incident/triage.ts'))
    return { name, run: async (alerts) => triage({ alerts, snapshot: snap, options, method: 'graph-explain' }) }
  }
  const { triage } = await import(resolve(root, 'src/rca/triage.ts'))
  return { name, run: (alerts) => triage(alerts, snap, options, 'graph-explain') }
}

const n = Number(values.services)
const doc = largeGraph(n, 1)
const batches = Array.from({ length: 8 }, (_, b) => alertBatch(doc, 1000 + b, { alerts: Number(values.alerts) }) as Alert[])
const sides = [await side('this tree', resolve(import.meta.dir, '../..'), doc), await side('base', resolve(values.base), doc)]
const ms: number[][] = [[], []]
for (let warm = 0; warm < 20; warm++) for (const s of sides) await s.run(batches[warm % batches.length]!)
for (let r = 0; r < Number(values.rounds); r++) {
  for (let i = 0; i < sides.length; i++) {
    const k = (r + i) % sides.length // alternate which side goes first
    const t = performance.now()
    for (const b of batches) await sides[k]!.run(b)
    ms[k]!.push((performance.now() - t) / batches.length)
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const [a, b] = [median(ms[0]!), median(ms[1]!)]
console.log(`${n} services, ${values.alerts} alerts per batch, ${values.rounds} rounds of ${batches.length} batches, median ms per batch`)
console.log(`  this tree ${a.toFixed(2)}   base ${b.toFixed(2)}   ratio ${(a / b).toFixed(3)}`)
