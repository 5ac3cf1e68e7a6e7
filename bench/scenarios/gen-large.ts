/**
 * Large inputs for the scale benchmark: layered call graphs of any size
 * (hundreds to tens of thousands of services), alert batches of any length
 * made of cascading incidents plus noise, and incident histories. Pure
 * functions of a seed (mulberry32 via bench/scenarios/gen/prng.ts), so every figure in
 * SUBMIT.md (issue 5) can be reproduced exactly. Kept separate from the scenario
 * generator (bench/scenarios/gen/*), whose realism costs time we do not need here.
 */
import { Rng } from './gen/prng.ts'
import type { GraphDocument, HistoryIncident, ScenarioAlert, Tier } from './scenario.ts'

const BASE_TS = 1_780_000_000 // 2026-05-28, fixed so batches are reproducible
const RESOURCE = ['cpu_util', 'mem_util', 'conn_pool_used', 'disk_util', 'restarts', 'saturation'] as const
const SYMPTOM = ['latency_p99_ms', 'error_rate'] as const

export interface LargeGraphOptions {
  /** Layers of services between the edge tier and the datastores. */
  layers: number
  /** Share of datastores (db/cache/queue) among all services. */
  leafShare: number
}

/**
 * A layered DAG of `n` services (edges point to deeper layers only), with
 * about 2.5 call edges per service: every service has a caller one layer up,
 * calls 0–3 services up to two layers down, and datastores are shared.
 * @example largeGraph(1000, 1).services.length // 1000
 */
export function largeGraph(n: number, seed: number, opts: Partial<LargeGraphOptions> = {}): GraphDocument {
  const { layers, leafShare } = { layers: 6, leafShare: 0.25, ...opts }
  const rng = new Rng(seed)
  const nEdge = Math.max(1, Math.round(n * 0.01))
  const nLeaf = Math.max(1, Math.round(n * leafShare))
  const nMid = Math.max(1, n - nEdge - nLeaf)
  const byLayer: string[][] = Array.from({ length: layers + 2 }, () => [])
  const services: GraphDocument['services'] = []
  const add = (name: string, tier: Tier, layer: number) => {
    services.push({ name, tier })
    byLayer[layer]!.push(name)
  }
  for (let i = 0; i < nEdge; i++) add(`edge-${i}`, 'edge', 0)
  for (let i = 0; i < nMid; i++) add(`svc-${i}`, 'service', i < layers ? i + 1 : rng.int(1, layers))
  for (let i = 0; i < nLeaf; i++) {
    const tier = rng.weighted<Tier>([
      ['db', 0.5],
      ['cache', 0.3],
      ['queue', 0.2],
    ])
    add(`${tier}-${i}`, tier, layers + 1)
  }
  const edges = new Set<string>()
  const link = (from: string, to: string) => edges.add(`${from}\u0000${to}`)
  for (let layer = 1; layer <= layers + 1; layer++) {
    // Every service has a caller in the layer above, so nothing is unreachable.
    for (const s of byLayer[layer]!) link(rng.pick(byLayer[layer - 1]!.length > 0 ? byLayer[layer - 1]! : byLayer[0]!), s)
  }
  for (let layer = 1; layer <= layers; layer++) {
    const below = [...(byLayer[layer + 1] ?? []), ...(byLayer[layer + 2] ?? [])]
    for (const s of byLayer[layer]!)
      for (
        let k = rng.weighted([
          [0, 0.2],
          [1, 0.35],
          [2, 0.3],
          [3, 0.15],
        ]);
        k > 0 && below.length > 0;
        k--
      )
        link(s, rng.pick(below))
  }
  for (const leaf of byLayer[layers + 1]!) if (byLayer[layers]!.length > 0 && rng.chance(0.3)) link(rng.pick(byLayer[layers]!), leaf)
  return {
    version: `g-large-${n}-${seed}`,
    source: `bench/scenarios/gen-large.ts n=${n} seed=${seed}`,
    services,
    edges: [...edges].map((e) => {
      const [from, to] = e.split('\u0000') as [string, string]
      return { from, to }
    }),
  }
}

/** service → its callers (the direction faults travel). */
function callerIndex(graph: GraphDocument): Map<string, string[]> {
  const callers = new Map<string, string[]>(graph.services.map((s) => [s.name, []]))
  for (const e of graph.edges) callers.get(e.to)?.push(e.from)
  return callers
}

export interface BatchOptions {
  alerts: number
  /** Independent incidents in the batch, each a cascade from one root. */
  incidents: number
  /** Share of alerts that are unrelated noise on random services. */
  noise: number
  /** Caller hops a cascade climbs. */
  hops: number
}

/**
 * `opts.alerts` alerts: cascades from random roots up their callers, each
 * service re-firing every 30 s, plus noise; half the timestamps are RFC 3339
 * strings and half epoch seconds, as the contract allows.
 * @example alertBatch(largeGraph(1000, 1), 7, { alerts: 1000 }).length // 1000
 */
export function alertBatch(graph: GraphDocument, seed: number, opts: Partial<BatchOptions> = {}): ScenarioAlert[] {
  const { alerts: total, incidents, noise, hops } = { alerts: 1000, incidents: 10, noise: 0.1, hops: 3, ...opts }
  const rng = new Rng(seed)
  const callers = callerIndex(graph)
  const roots = graph.services.filter((s) => s.tier !== 'edge')
  const out: ScenarioAlert[] = []
  const emit = (service: string, metric: string, t: number, severity: ScenarioAlert['severity']) => {
    const id = `a-${seed}-${out.length}`
    const ts = rng.chance(0.5) ? new Date((BASE_TS + t) * 1000).toISOString().replace('.000Z', 'Z') : BASE_TS + t
    out.push({ id, ts, service, metric, severity, value: 2, threshold: 1, labels: { pod: `${service}-0`, env: 'prod' } })
  }
  const perIncident = Math.floor((total * (1 - noise)) / Math.max(1, incidents))
  for (let i = 0; i < incidents; i++) {
    const root = rng.pick(roots).name
    const start = i * 900 + rng.int(0, 60) // incidents 15 min apart: separate in time
    // Affected services: the root, then callers hop by hop (each with probability 0.7).
    const affected: Array<{ s: string; onset: number; metric: string }> = [{ s: root, onset: start, metric: rng.pick(RESOURCE) }]
    let frontier = [root]
    const seen = new Set(frontier)
    for (let hop = 1; hop <= hops; hop++) {
      const next: string[] = []
      for (const s of frontier) {
        for (const c of callers.get(s) ?? []) {
          if (seen.has(c) || !rng.chance(0.7)) continue
          seen.add(c)
          next.push(c)
          affected.push({ s: c, onset: start + hop * rng.int(10, 40), metric: rng.pick(SYMPTOM) })
        }
      }
      frontier = next
    }
    for (let k = 0; k < perIncident; k++) {
      const a = affected[k % affected.length]!
      emit(a.s, a.metric, a.onset + Math.floor(k / affected.length) * 30, k === 0 ? 'critical' : 'warning')
    }
  }
  while (out.length < total) emit(rng.pick(graph.services).name, rng.pick([...RESOURCE, ...SYMPTOM]), rng.int(0, incidents * 900), 'info')
  return out
}

/**
 * `n` past incidents on random roots with their callers, for the similarity step.
 * @example largeHistory(largeGraph(100, 1), 3, 50).length // 50
 */
export function largeHistory(graph: GraphDocument, seed: number, n: number): HistoryIncident[] {
  const rng = new Rng(seed)
  const callers = callerIndex(graph)
  return Array.from({ length: n }, (_, i) => {
    const root = rng.pick(graph.services).name
    const services = [root, ...rng.sample(callers.get(root) ?? [], 3)]
    return {
      id: `INC-B-${i}`,
      ts: new Date((BASE_TS - 86_400 * (i + 1)) * 1000).toISOString(),
      title: `${root} degraded`,
      root_cause: root,
      services,
      metrics: [rng.pick(RESOURCE), rng.pick(SYMPTOM)],
      actions: [`Restart ${root}`, `Scale ${root}`],
      resolution: 'recovered',
    }
  })
}
