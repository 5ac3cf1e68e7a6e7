/**
 * Which services may share an incident, and in which direction a fault would
 * travel between them:
 * - `down`: the other service is a callee within `maxHop` call edges; if the
 *   two belong together, its trouble started first (faults climb to callers);
 * - `up`: the other service is a caller within `maxHop` edges;
 * - `both`: callee and caller at once (a cycle in the call graph): no order;
 * - `peer`: the two call a common callee (its fault, even silent, shows at
 *   both): no order is implied.
 * Siblings that merely share a caller are NOT related: an edge service calls
 * everything, and gluing its callees together merges independent incidents.
 * Cached per graph snapshot and maxHop (bounded by the graph's services); a
 * graph swap drops it with the snapshot.
 */
import { calleesOf, callersOf, withinHops, type ServiceGraph } from './service-graph.ts'

export type Direction = 'down' | 'up' | 'both' | 'peer'
type Related = ReadonlyMap<string, Direction>
type Cache = Map<string, Related>
const caches = new WeakMap<ServiceGraph, Map<number, Cache>>()

function cacheFor(graph: ServiceGraph, maxHop: number): Cache {
  let perHop = caches.get(graph)
  if (!perHop) caches.set(graph, (perHop = new Map()))
  let cache = perHop.get(maxHop)
  if (!cache) perHop.set(maxHop, (cache = new Map()))
  return cache
}

/** Services related to `service` (itself excluded), with the direction. Unknown services relate to none. */
const NONE: Related = new Map()

export function relatedServices(graph: ServiceGraph, service: string, maxHop: number): Related {
  // Never cache names outside the graph: senders control them, so the cache would grow without bound.
  if (!graph.tiers.has(service)) return NONE
  const cache = cacheFor(graph, maxHop)
  const hit = cache.get(service)
  if (hit) return hit
  const out = new Map<string, Direction>()
  const set = (s: string, d: Direction) => {
    if (s === service) return
    const had = out.get(s)
    out.set(s, had === undefined || had === d ? d : 'both')
  }
  for (const s of withinHops(graph, service, maxHop, 'callees').keys()) set(s, 'down')
  for (const s of withinHops(graph, service, maxHop, 'callers').keys()) set(s, 'up')
  for (const callee of calleesOf(graph, service)) {
    for (const co of callersOf(graph, callee)) if (!out.has(co) && co !== service) out.set(co, 'peer')
  }
  cache.set(service, out)
  return out
}
