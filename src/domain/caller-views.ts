/**
 * Caller-side views: tracing maps (X-Ray, service-graph processors) often draw
 * the client's view of a call as a node of its own, a leaf next to the service
 * it stands for (a load balancer, a remote endpoint). When that leaf and a
 * sibling every one of its callers also calls raise the same metric at the
 * same time, they are most likely one component seen twice, and the
 * sibling is the one with graph evidence of its own (more callers, callees).
 * A leaf has nothing below it, so its symptoms are either its own fault or
 * such a view; simulated cascades never produce the pattern (a leaf root's
 * siblings do not alert like it unless they share its fault).
 *
 * Structural only: no names are read.
 */
import type { ServiceEvidence } from './cluster-evidence.ts'
import { calleesOf, callersOf, type ServiceGraph } from './service-graph.ts'

function shareAMetric(a: readonly string[], b: readonly string[]): boolean {
  return a.some((m) => b.includes(m))
}

/**
 * Alerting leaf → the alerting sibling it looks like a view of: every caller of
 * the leaf calls the sibling too, the two raise at least one metric in common,
 * and their onsets are within `skewMs`. Of several siblings, the one with the
 * most callers (then the first by name).
 */
export function callerViews(graph: ServiceGraph, alerting: ReadonlyMap<string, ServiceEvidence>, skewMs: number): Map<string, string> {
  const out = new Map<string, string>()
  for (const leaf of alerting.values()) {
    if (calleesOf(graph, leaf.service).length > 0 || leaf.metrics.length === 0) continue
    const callers = callersOf(graph, leaf.service)
    if (callers.length === 0) continue
    let best: string | undefined
    let bestCallers = 0
    for (const s of calleesOf(graph, callers[0]!)) {
      const sib = alerting.get(s)
      if (!sib || s === leaf.service || Math.abs(sib.onsetMs - leaf.onsetMs) > skewMs || !shareAMetric(leaf.metrics, sib.metrics)) continue
      const sibCallers = callersOf(graph, s)
      if (!callers.every((c) => sibCallers.includes(c))) continue
      if (sibCallers.length > bestCallers || (sibCallers.length === bestCallers && best !== undefined && s < best)) {
        best = s
        bestCallers = sibCallers.length
      }
    }
    if (best !== undefined) out.set(leaf.service, best)
  }
  return out
}
