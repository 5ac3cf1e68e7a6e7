/**
 * From observed edges to a graph version, without IO or a clock (the caller
 * passes `nowMs`). `remember` keeps every edge seen within the retention, so
 * a low-traffic edge that misses one window does not flap out and back in;
 * `composeGraph` merges the remembered edges with the overlay (the overlay's
 * tiers win: it is what an operator wrote down) and names the result by its
 * content: the version id is the source plus a hash of nodes, tiers and
 * edges, so equal content always gets the same id and a refresh that sees
 * the same graph is not a new version. Rates are carried as edge weights
 * but are not content: they move on every refresh.
 */
import type { Tier } from '../../domain/model.ts'
import type { GraphData, GraphEdge } from '../../domain/service-graph.ts'
import type { ObservedEdge } from './observed.ts'

export interface RememberedEdge extends ObservedEdge {
  lastSeenMs: number
}

/** Remembered edges by `from\0to`. */
export type EdgeMemory = ReadonlyMap<string, RememberedEdge>

const key = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`

/**
 * Edges seen now (rate and tier refreshed) plus the remembered ones not older than `retentionSec`.
 * Retention 0 keeps nothing unseen, even an edge seen earlier in the same millisecond.
 */
export function remember(memory: EdgeMemory, observed: readonly ObservedEdge[], nowMs: number, retentionSec: number): Map<string, RememberedEdge> {
  const next = new Map<string, RememberedEdge>()
  if (retentionSec > 0) for (const [k, e] of memory) if (nowMs - e.lastSeenMs <= retentionSec * 1000) next.set(k, e)
  for (const e of observed) next.set(key(e), { ...e, lastSeenMs: nowMs })
  return next
}

/** The canonical text a version id hashes: sorted nodes with tiers, sorted edges. */
function canonical(nodes: ReadonlyMap<string, Tier>, edges: readonly GraphEdge[]): string {
  const n = [...nodes].map(([name, tier]) => `${name}\t${tier}`).sort()
  const e = edges.map((x) => `${x.from}\t${x.to}`).sort()
  return `${n.join('\n')}\n--\n${e.join('\n')}`
}

/**
 * The graph of `memory` ∪ `overlay`, versioned by content.
 * @example composeGraph({ memory, source: 'jaeger' }).version // 'jaeger-3fa9c1d2e4b5'
 */
export function composeGraph(o: { memory: EdgeMemory; overlay?: GraphData; source: string }): GraphData {
  const tiers = new Map<string, Tier>()
  const edges = new Map<string, GraphEdge>()
  for (const e of o.memory.values()) {
    if (!tiers.has(e.from)) tiers.set(e.from, 'service')
    if (e.calleeTier) tiers.set(e.to, e.calleeTier)
    else if (!tiers.has(e.to)) tiers.set(e.to, 'service')
    edges.set(key(e), { from: e.from, to: e.to, weight: e.rate })
  }
  for (const n of o.overlay?.nodes ?? []) tiers.set(n.name, n.tier)
  for (const e of o.overlay?.edges ?? []) if (!edges.has(key(e))) edges.set(key(e), { from: e.from, to: e.to })
  const edgeList = [...edges.values()]
  const hash = new Bun.CryptoHasher('sha256').update(canonical(tiers, edgeList)).digest('hex')
  return {
    version: `${o.source.replace(/[^a-z0-9]+/gi, '-')}-${hash.slice(0, 12)}`,
    source: o.source,
    hash,
    nodes: [...tiers].map(([name, tier]) => ({ name, tier })),
    edges: edgeList,
  }
}
