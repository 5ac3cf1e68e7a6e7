/**
 * Random layered microservice call graphs: an edge tier on top, layers of services in the
 * middle, datastores (db / cache / queue) at the bottom, with fan-out, shared backends, a
 * few random extra edges and, when asked and from 50 services on, platform hubs most services
 * call and caller-side views of a few services. Edges only point to deeper layers, so the graph is a DAG. A few
 * "hidden" services (fresh canaries / shadows) exist in the true graph but are left out of
 * the written services.json, to model a stale graph.
 */
import type { GraphDocument, Tier } from '../scenario.ts'
import { NameAllocator, TEAMS, domainOf } from './names.ts'
import type { Rng } from './prng.ts'

export interface ServiceNode {
  name: string
  tier: Tier
  /** 0 = edge; larger = deeper; datastores are deepest. */
  layer: number
  team: string
  pods: string[]
  hidden: boolean
  /** Set on a caller-side view of another service (a load balancer or remote-endpoint node). */
  aliasOf?: string
}

export interface Topology {
  name: string
  nodes: Map<string, ServiceNode>
  /** True call graph: from → callees. */
  callees: Map<string, Set<string>>
  /** Reverse: to → callers (the direction faults propagate). */
  callers: Map<string, Set<string>>
}

function podNames(rng: Rng, name: string, tier: Tier): string[] {
  if (tier === 'db' || tier === 'cache' || tier === 'queue') {
    // StatefulSet-style ordinals.
    return Array.from({ length: rng.int(1, 3) }, (_, i) => `${name}-${i}`)
  }
  const rs = rng.hex(rng.int(8, 10))
  const n = tier === 'edge' ? rng.int(3, 8) : rng.int(2, 6)
  return Array.from({ length: n }, () => `${name}-${rs}-${rng.alnum(5)}`)
}

function addEdge(t: Topology, from: string, to: string): void {
  if (from === to) return
  t.callees.get(from)?.add(to)
  t.callers.get(to)?.add(from)
}

function addNode(t: Topology, rng: Rng, name: string, tier: Tier, layer: number, hidden = false): ServiceNode {
  const node: ServiceNode = { name, tier, layer, team: rng.pick(TEAMS), pods: podNames(rng, name, tier), hidden }
  t.nodes.set(name, node)
  t.callees.set(name, new Set())
  t.callers.set(name, new Set())
  return node
}

export interface TopologyShape {
  /**
   * Platform hubs and caller-side views (from 50 services on). Off by default so the graphs
   * other benchmarks build (multi-cluster) stay the ones their figures were measured on.
   */
  platform?: boolean
}

/** Shared platform services in an estate this big (each brings its own datastore); none below 50. */
function hubCount(n: number): number {
  if (n < 50) return 0
  return n < 200 ? 1 : n < 600 ? 2 : 3
}

/**
 * Fan-in hubs: platform services (auth, config, flags) that a large share of the estate
 * calls, each backed by its own datastore. Real graphs have them; they put most services
 * within two hops of each other, which is what makes correlation and ranking hard there.
 */
function addHubs(t: Topology, rng: Rng, names: NameAllocator, count: number, mids: readonly ServiceNode[], edges: readonly ServiceNode[], layer: number): void {
  for (let i = 0; i < count; i++) {
    const { name, domain } = names.platform()
    const hub = addNode(t, rng, name, 'service', layer)
    const tier = rng.chance(0.6) ? 'cache' : 'db'
    const store = addNode(t, rng, names.leaf(tier, domain), tier, layer + 1)
    addEdge(t, hub.name, store.name)
    for (const m of rng.sample(mids, Math.max(2, Math.round(mids.length * rng.float(0.08, 0.25))))) addEdge(t, m.name, hub.name)
    for (const e of edges) if (rng.chance(0.5)) addEdge(t, e.name, hub.name)
  }
}

/** Caller-side views in an estate this big (none below 50, like the hubs). */
function aliasCount(n: number): number {
  return n < 50 ? 0 : Math.max(1, Math.round(n * 0.015))
}

/**
 * Caller-side views: tracing maps (X-Ray's `_remote` nodes, a load balancer's DNS name) show
 * the same component twice, once as itself and once as the endpoint some callers reach it
 * through. The view is a leaf called by a few of the service's callers. Written into the
 * graph like any service (they are in real discovered graphs).
 */
function addAliases(t: Topology, rng: Rng, names: NameAllocator, count: number, mids: readonly ServiceNode[], layer: number): void {
  // No draws when there is nothing to add: the plain shape stays what it always was.
  if (count === 0) return
  const withCallers = mids.filter((m) => (t.callers.get(m.name)?.size ?? 0) > 0)
  for (const of of rng.sample(withCallers, count)) {
    const alias = addNode(t, rng, names.alias(of.name), 'service', layer)
    alias.aliasOf = of.name
    alias.pods = [alias.name]
    for (const c of rng.sample([...(t.callers.get(of.name) ?? [])], rng.int(1, 2))) addEdge(t, c, alias.name)
  }
}

/**
 * Build a topology whose written graph has about `size` services (at least 6).
 * @example generateTopology(new Rng(1), 'syn-00', 40).nodes.size // ~40 plus hidden ones
 */
export function generateTopology(rng: Rng, name: string, size: number, shape: TopologyShape = {}): Topology {
  const n = Math.max(6, size)
  const t: Topology = { name, nodes: new Map(), callees: new Map(), callers: new Map() }
  const names = new NameAllocator(rng)
  const nEdge = n < 15 ? 1 : Math.min(4, Math.max(1, Math.round(n / 80) + rng.int(0, 1)))
  const nLeaf = Math.max(2, Math.round(n * rng.float(0.2, 0.3)))
  const nHub = shape.platform === true ? hubCount(n) : 0
  const nAlias = shape.platform === true ? aliasCount(n) : 0
  const nMid = Math.max(2, n - nEdge - nLeaf - 2 * nHub - nAlias)
  const depth = Math.min(6, Math.max(1, Math.round(Math.log2(nMid) / 1.3)))

  const edges = Array.from({ length: nEdge }, () => addNode(t, rng, names.edge(), 'edge', 0))
  const layers: ServiceNode[][] = Array.from({ length: depth }, () => [])
  const domains = new Map<string, string>()
  for (let i = 0; i < nMid; i++) {
    // The first `depth` services seed one per layer so no layer is empty.
    const layer = i < depth ? i + 1 : rng.int(1, depth)
    const { name: svc, domain } = names.service()
    domains.set(svc, domain)
    layers[layer - 1]?.push(addNode(t, rng, svc, 'service', layer))
  }
  const mids = layers.flat()
  const deeper = (layer: number) => mids.filter((m) => m.layer > layer)

  // Every service gets a caller one layer up (edge for layer 1): no orphans in the middle.
  for (const m of mids) {
    const above = m.layer === 1 ? edges : (layers[m.layer - 2] ?? edges)
    addEdge(t, rng.pick(above).name, m.name)
  }
  // Fan-out: edges call several first-layer services; services call 0-3 deeper ones.
  for (const e of edges) for (const m of rng.sample(layers[0] ?? [], rng.int(2, 8))) addEdge(t, e.name, m.name)
  for (const m of mids) {
    const pool = deeper(m.layer)
    const k = rng.weighted<number>([
      [0, 0.2],
      [1, 0.35],
      [2, 0.3],
      [3, 0.15],
    ])
    for (const c of rng.sample(
      pool.filter((p) => p.layer <= m.layer + 2),
      k,
    ))
      addEdge(t, m.name, c.name)
  }

  // Datastores: each has an owning service (named after its domain); some are shared.
  const leafLayer = depth + 1
  for (let i = 0; i < nLeaf; i++) {
    const owner = rng.pick(mids)
    const tier = rng.weighted<'db' | 'cache' | 'queue'>([
      ['db', 0.5],
      ['cache', 0.3],
      ['queue', 0.2],
    ])
    const leaf = addNode(t, rng, names.leaf(tier, domains.get(owner.name) ?? domainOf(owner.name)), tier, leafLayer)
    addEdge(t, owner.name, leaf.name)
    if (rng.chance(0.35)) for (const s of rng.sample(mids, rng.int(1, 4))) addEdge(t, s.name, leaf.name)
  }

  // A sprinkle of extra downward edges breaks the tidy tree shape.
  const all = [...t.nodes.values()]
  const extra = Math.round(n * rng.float(0.02, 0.08))
  for (let i = 0; i < extra; i++) {
    const from = rng.pick(all.filter((x) => x.tier === 'edge' || x.tier === 'service'))
    const targets = all.filter((x) => x.layer > from.layer)
    if (targets.length > 0) addEdge(t, from.name, rng.pick(targets).name)
  }

  addHubs(t, rng, names, nHub, mids, edges, leafLayer)
  addAliases(t, rng, names, nAlias, mids, leafLayer)

  // Hidden services: deployed after the graph snapshot; they call existing services.
  const nHidden = n >= 20 ? Math.max(1, Math.round(n * rng.float(0.01, 0.04))) : rng.chance(0.5) ? 1 : 0
  for (let i = 0; i < nHidden && mids.length > 0; i++) {
    const of = rng.pick(mids)
    const targets = [...(t.callees.get(of.name) ?? [])]
    const h = addNode(t, rng, names.hidden(of.name), 'service', of.layer, true)
    for (const c of targets.length > 0 ? rng.sample(targets, rng.int(1, 2)) : [of.name]) addEdge(t, h.name, c)
    const above = of.layer === 1 ? edges : (layers[of.layer - 2] ?? edges)
    if (rng.chance(0.5)) addEdge(t, rng.pick(above).name, h.name)
  }
  return t
}

/** The written graph (contract services.json): every non-hidden node and edge between them. */
export function graphDocument(t: Topology, seed: number): GraphDocument {
  const visible = [...t.nodes.values()].filter((n) => !n.hidden)
  const names = new Set(visible.map((n) => n.name))
  const edges: { from: string; to: string }[] = []
  for (const [from, tos] of t.callees) {
    if (!names.has(from)) continue
    for (const to of tos) if (names.has(to)) edges.push({ from, to })
  }
  return {
    version: `g-${t.name}-${(seed >>> 0).toString(16)}`,
    source: `synthetic:bench/gen-scenarios seed=${seed}`,
    services: visible.map((n) => ({ name: n.name, tier: n.tier })),
    edges,
  }
}

/** Undirected hop distance from any of `from` to each reachable service (true graph). */
export function undirectedDistances(t: Topology, from: Iterable<string>): Map<string, number> {
  const dist = new Map<string, number>()
  let frontier = [...from]
  for (const s of frontier) dist.set(s, 0)
  for (let d = 1; frontier.length > 0; d++) {
    const next: string[] = []
    for (const s of frontier) {
      for (const nb of [...(t.callees.get(s) ?? []), ...(t.callers.get(s) ?? [])]) {
        if (!dist.has(nb)) {
          dist.set(nb, d)
          next.push(nb)
        }
      }
    }
    frontier = next
  }
  return dist
}
