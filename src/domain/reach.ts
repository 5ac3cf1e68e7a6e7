/**
 * The services a fault can climb from to a given service: every service
 * within `maxHop` call edges below it (itself included). Ranking asks this of
 * every alerting service of every cluster (which candidates would explain
 * it) and the propagation paths ask it again for the root, so it is answered
 * once per service and graph snapshot and kept with the snapshot: a batch of
 * hundreds of small clusters on a large graph would otherwise walk the same
 * neighbourhoods over and over. Kept compact (sorted service numbers in a
 * typed array, a few bytes a service instead of a Map entry's tens), since
 * every thread holds its own copy for each service that ever alerted.
 * Bounded by the graph's services; names outside the graph are never kept,
 * and a graph swap drops the cache with the snapshot.
 */
import { withinHops, type ServiceGraph } from './service-graph.ts'

/** What lies below one service. */
export interface Below {
  readonly size: number
  has(service: string): boolean
  /** Every service below, in no particular order. */
  services(): Iterable<string>
}

interface Numbering {
  id: ReadonlyMap<string, number>
  names: readonly string[]
}

class BelowInGraph implements Below {
  constructor(
    private readonly ids: Int32Array,
    private readonly numbering: Numbering,
  ) {}

  get size(): number {
    return this.ids.length
  }

  has(service: string): boolean {
    const id = this.numbering.id.get(service)
    if (id === undefined) return false
    const ids = this.ids
    let lo = 0
    let hi = ids.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (ids[mid]! < id) lo = mid + 1
      else hi = mid
    }
    return lo < ids.length && ids[lo] === id
  }

  *services(): Iterable<string> {
    for (const id of this.ids) yield this.numbering.names[id]!
  }
}

/** A name outside the graph has no callees: only itself lies below it. */
function outsideGraph(service: string): Below {
  return { size: 1, has: (s) => s === service, services: () => [service] }
}

interface Cache {
  numbering: Numbering
  perHop: Map<number, Map<string, Below>>
}
const caches = new WeakMap<ServiceGraph, Cache>()

function cacheOf(graph: ServiceGraph): Cache {
  let cache = caches.get(graph)
  if (!cache) {
    const names = [...graph.tiers.keys()]
    cache = { numbering: { names, id: new Map(names.map((n, i) => [n, i])) }, perHop: new Map() }
    caches.set(graph, cache)
  }
  return cache
}

/** Services within `maxHop` call edges below `service` (callees, their callees, …), `service` itself included. */
export function servicesBelow(graph: ServiceGraph, service: string, maxHop: number): Below {
  const cache = cacheOf(graph)
  let byService = cache.perHop.get(maxHop)
  if (!byService) cache.perHop.set(maxHop, (byService = new Map()))
  const hit = byService.get(service)
  if (hit !== undefined) return hit
  // Senders control names: only the graph's own services are remembered.
  if (!graph.tiers.has(service)) return outsideGraph(service)
  const ids = Int32Array.from(withinHops(graph, service, maxHop, 'callees').keys(), (s) => cache.numbering.id.get(s)!).sort()
  const below = new BelowInGraph(ids, cache.numbering)
  byService.set(service, below)
  return below
}
