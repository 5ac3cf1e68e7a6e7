/**
 * Caller-side views: tracing maps (X-Ray, service-graph processors) often draw
 * the client's view of a call as a node of its own, a leaf next to the service
 * it stands for (a load balancer, a remote endpoint). When that leaf and a
 * sibling every one of its callers also calls raise the same metric at the
 * same time, they are most likely one component seen twice: correlation links
 * them (one incident), and ranking names the sibling, the node with graph
 * evidence of its own (more callers, callees). A leaf has nothing below it, so
 * its symptoms are either its own fault or such a view; simulated cascades
 * never produce the pattern (a leaf root's siblings do not alert like it
 * unless they share its fault).
 *
 * Structural only: no names are read.
 */
import type { ServiceEvidence } from './cluster-evidence.ts'
import { sourcesConflict } from './scope.ts'
import { calleesOf, callersOf, type ServiceGraph } from './service-graph.ts'
import { lowerBound, type Source } from './sources.ts'
import { evidenceWeight } from './strength.ts'
import type { UnionFind } from './union-find.ts'

const siblingCache = new WeakMap<ServiceGraph, Map<string, readonly string[]>>()

/**
 * Services every caller of `leaf` also calls and with graph evidence of their
 * own (callees, or more callers): what it may be a view of. Empty unless it is a leaf with callers.
 */
export function viewSiblings(graph: ServiceGraph, leaf: string): readonly string[] {
  let cache = siblingCache.get(graph)
  if (!cache) siblingCache.set(graph, (cache = new Map()))
  let out = cache.get(leaf)
  if (out) return out
  out = []
  const callers = callersOf(graph, leaf)
  if (calleesOf(graph, leaf).length === 0 && callers.length > 0) {
    // The original has graph evidence of its own: callees, or more callers than its view.
    const original = (s: string) => calleesOf(graph, s).length > 0 || callersOf(graph, s).length > callers.length
    out = calleesOf(graph, callers[0]!).filter((s) => s !== leaf && original(s) && callers.every((c) => callersOf(graph, s).includes(c)))
  }
  cache.set(leaf, out)
  return out
}

const shareAMetric = (a: readonly string[], b: readonly string[]) => a.some((m) => b.includes(m))

/**
 * Alerting leaf → the alerting sibling it looks like a view of: a view
 * sibling (viewSiblings) raising a metric the leaf raises, at least as loudly
 * (`need`), onsets within `skewMs`. Of several, the one with the most callers (then the first by name).
 */
export function callerViews(graph: ServiceGraph, alerting: ReadonlyMap<string, ServiceEvidence>, skewMs: number): Map<string, string> {
  const out = new Map<string, string>()
  for (const leaf of alerting.values()) {
    let best: string | undefined
    let bestCallers = 0
    for (const s of viewSiblings(graph, leaf.service)) {
      const sib = alerting.get(s)
      // The original shows the trouble at least as clearly as its view does.
      if (!sib || sib.need < leaf.need || Math.abs(sib.onsetMs - leaf.onsetMs) > skewMs || !shareAMetric(leaf.metrics, sib.metrics)) continue
      const n = callersOf(graph, s).length
      if (n > bestCallers || (n === bestCallers && best !== undefined && s < best)) {
        best = s
        bestCallers = n
      }
    }
    if (best !== undefined) out.set(leaf.service, best)
  }
  return out
}

/** What linking views needs from the correlation pass. */
export interface ViewLinkCtx {
  graph: ServiceGraph
  skewMs: number
  uf: UnionFind
  index: ReadonlyMap<Source, number>
}

/** Links each source on an alerting leaf with a same-metric, same-scope, at least as strong source on a view sibling starting within `skewMs` of it. */
export function linkCallerViews(subset: readonly Source[], lists: ReadonlyMap<string, Source[]>, ctx: ViewLinkCtx): void {
  for (const s of subset) {
    if (!ctx.graph.tiers.has(s.service)) continue
    for (const sib of viewSiblings(ctx.graph, s.service)) {
      const list = lists.get(sib)
      if (!list) continue
      for (let j = lowerBound(list, s.onsetMs - ctx.skewMs); j < list.length && list[j]!.onsetMs <= s.onsetMs + ctx.skewMs; j++) {
        const x = list[j]!
        // The original shows the trouble at least as clearly as its view does.
        if (x.metric !== s.metric || evidenceWeight(x) < evidenceWeight(s) || sourcesConflict(s, x)) continue
        ctx.uf.union(ctx.index.get(s)!, ctx.index.get(x)!)
        break
      }
    }
  }
}
