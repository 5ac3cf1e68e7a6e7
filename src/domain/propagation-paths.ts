/**
 * The explanation an on-call engineer reads first: how the fault climbed from
 * the root to the alerting services, as call paths root → … → caller.
 */
import { callersOf, type ServiceGraph } from './service-graph.ts'

const MAX_PATHS = 5

/**
 * Shortest upward paths from `root` to the alerting services that no other
 * alerting service above them explains (the tops of the cascade).
 */
export function propagationPaths(graph: ServiceGraph, root: string, alerting: ReadonlySet<string>, maxDepth: number): string[][] {
  const parent = new Map<string, string | null>([[root, null]])
  let frontier = [root]
  for (let d = 0; d < maxDepth && frontier.length > 0; d++) {
    const next: string[] = []
    for (const s of frontier) {
      for (const p of callersOf(graph, s)) {
        if (!parent.has(p)) {
          parent.set(p, s)
          next.push(p)
        }
      }
    }
    frontier = next
  }
  const reached = new Set([...alerting].filter((s) => s !== root && parent.has(s)))
  const hasAlertingCallerAbove = (s: string) => callersOf(graph, s).some((p) => reached.has(p))
  const tops = [...reached].filter((s) => !hasAlertingCallerAbove(s))
  const paths = tops.map((top) => {
    const path: string[] = []
    for (let s: string | null | undefined = top; s; s = parent.get(s)) path.push(s)
    return path.reverse()
  })
  return paths.sort((a, b) => b.length - a.length || a.join().localeCompare(b.join())).slice(0, MAX_PATHS)
}
