/**
 * The explanation an on-call engineer reads first: how the fault climbed from
 * the root to the alerting services, as call paths root → … → caller.
 */
import { servicesBelow } from './reach.ts'
import { callersOf, type ServiceGraph } from './service-graph.ts'

const MAX_PATHS = 5

/**
 * Shortest upward paths from `root` to the alerting services that no other
 * alerting service above them explains (the tops of the cascade).
 */
export function propagationPaths(graph: ServiceGraph, root: string, alerting: ReadonlySet<string>, maxDepth: number): string[][] {
  // The alerting services the upward walk will reach: those with the root among their callees within
  // maxDepth. Knowing them, the walk stops once it has found them all instead of climbing maxDepth
  // levels, which on a large graph visits hundreds of services for each of hundreds of small clusters.
  // Parents are fixed when a service is first found, so the paths are the same as a full walk's.
  const targets = new Set<string>()
  for (const a of alerting) if (a !== root && servicesBelow(graph, a, maxDepth).has(root)) targets.add(a)
  if (targets.size === 0) return []
  const parent = new Map<string, string | null>([[root, null]])
  let left = targets.size
  let frontier = [root]
  for (let d = 0; d < maxDepth && left > 0 && frontier.length > 0; d++) {
    const next: string[] = []
    for (const s of frontier) {
      for (const p of callersOf(graph, s)) {
        if (!parent.has(p)) {
          parent.set(p, s)
          next.push(p)
          if (targets.has(p) && --left === 0) break
        }
      }
      if (left === 0) break
    }
    frontier = next
  }
  const hasAlertingCallerAbove = (s: string) => callersOf(graph, s).some((p) => targets.has(p))
  const tops = [...targets].filter((s) => !hasAlertingCallerAbove(s))
  const paths = tops.map((top) => {
    const path: string[] = []
    for (let s: string | null | undefined = top; s; s = parent.get(s)) path.push(s)
    return path.reverse()
  })
  return paths.sort((a, b) => b.length - a.length || a.join().localeCompare(b.join())).slice(0, MAX_PATHS)
}
