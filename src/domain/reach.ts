/**
 * The services a fault at a service's callees can climb to it from: every
 * service within `maxHop` call edges below it (itself included, hop 0), with
 * its distance. Ranking asks this of every alerting service of every cluster
 * (which candidates would explain it) and the propagation paths ask it again
 * for the root, so it is answered once per service and graph snapshot and
 * kept with the snapshot: a batch of hundreds of small clusters on a large
 * graph would otherwise walk the same neighbourhoods over and over. Bounded by
 * the graph's services; names outside the graph are never cached, and a graph
 * swap drops the cache with the snapshot.
 */
import { withinHops, type ServiceGraph } from './service-graph.ts'

type Below = ReadonlyMap<string, number>
const caches = new WeakMap<ServiceGraph, Map<number, Map<string, Below>>>()

function cacheFor(graph: ServiceGraph, maxHop: number): Map<string, Below> {
  let perHop = caches.get(graph)
  if (!perHop) caches.set(graph, (perHop = new Map()))
  let cache = perHop.get(maxHop)
  if (!cache) perHop.set(maxHop, (cache = new Map()))
  return cache
}

/** Services within `maxHop` call edges below `service` (callees, their callees, …) → hop; `service` itself at 0. */
export function servicesBelow(graph: ServiceGraph, service: string, maxHop: number): Below {
  const cache = cacheFor(graph, maxHop)
  const hit = cache.get(service)
  if (hit !== undefined) return hit
  const below = withinHops(graph, service, maxHop, 'callees')
  // Senders control names: only the graph's own services are remembered.
  if (graph.tiers.has(service)) cache.set(service, below)
  return below
}
