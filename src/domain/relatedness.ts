/**
 * Which services may share an incident: the same service, services within
 * `maxHop` call edges in one direction (a fault climbing a call chain, with a
 * quiet hop in between), and services that call a common callee (its fault,
 * even silent, shows at both). Siblings that merely share a caller are NOT
 * related: an edge service calls everything, and gluing its callees together
 * merges independent incidents. Cached per graph snapshot and maxHop, so a
 * graph swap drops the cache with the old snapshot.
 */
import { calleesOf, callersOf, withinHops, type ServiceGraph } from './service-graph.ts'

type Cache = Map<string, ReadonlySet<string>>
const caches = new WeakMap<ServiceGraph, Map<number, Cache>>()

function cacheFor(graph: ServiceGraph, maxHop: number): Cache {
  let perHop = caches.get(graph)
  if (!perHop) caches.set(graph, (perHop = new Map()))
  let cache = perHop.get(maxHop)
  if (!cache) perHop.set(maxHop, (cache = new Map()))
  return cache
}

/** Services related to `service` (itself included). Unknown services relate only to themselves. */
export function relatedServices(graph: ServiceGraph, service: string, maxHop: number): ReadonlySet<string> {
  const cache = cacheFor(graph, maxHop)
  const hit = cache.get(service)
  if (hit) return hit
  const out = new Set<string>([service])
  if (graph.tiers.has(service)) {
    for (const s of withinHops(graph, service, maxHop, 'callers').keys()) out.add(s)
    for (const s of withinHops(graph, service, maxHop, 'callees').keys()) out.add(s)
    if (maxHop >= 1) {
      for (const callee of calleesOf(graph, service)) for (const co of callersOf(graph, callee)) out.add(co)
    }
  }
  cache.set(service, out)
  return out
}
