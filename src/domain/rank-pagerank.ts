/**
 * The seed ranker, kept selectable (AIOPS_RCA_METHOD=pagerank): personalized
 * PageRank on the alerting subgraph, as MicroRCA does. Nodes are alerting
 * services plus their direct callees (possible silent roots); the walk follows
 * call edges caller → callee, i.e. against fault propagation, so mass drifts
 * to the services the alerts depend on. Personalization is each service's
 * source count. Power iteration on the small subgraph; graphology's pagerank
 * has no personalization vector and throws on empty graphs.
 */
import type { ClusterEvidence } from './cluster-evidence.ts'
import { calleesOf, type ServiceGraph } from './service-graph.ts'
import type { ScoredCandidate } from './rank-explain.ts'

const ALPHA = 0.85 // damping, the textbook value MicroRCA also uses
const ITERATIONS = 60
const TOLERANCE = 1e-9

export function rankByPageRank(ev: ClusterEvidence, graph: ServiceGraph): ScoredCandidate[] {
  const alerting = [...ev.byService.values()].filter((e) => e.inGraph)
  if (alerting.length === 0) return []
  const nodes = new Set<string>()
  for (const e of alerting) {
    nodes.add(e.service)
    for (const c of calleesOf(graph, e.service)) nodes.add(c)
  }
  const names = [...nodes].sort()
  const idx = new Map(names.map((n, i) => [n, i]))
  const n = names.length
  const out: number[][] = names.map((s) =>
    calleesOf(graph, s)
      .filter((c) => idx.has(c))
      .map((c) => idx.get(c)!),
  )
  const p = new Float64Array(n)
  let total = 0
  for (const e of alerting) {
    p[idx.get(e.service)!] = e.sources
    total += e.sources
  }
  for (let i = 0; i < n; i++) p[i]! /= total
  let r = Float64Array.from(p)
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(n)
    let dangling = 0
    for (let i = 0; i < n; i++) {
      const targets = out[i]!
      if (targets.length === 0) dangling += r[i]!
      else for (const t of targets) next[t]! += (ALPHA * r[i]!) / targets.length
    }
    let delta = 0
    for (let i = 0; i < n; i++) {
      next[i]! += (1 - ALPHA) * p[i]! + ALPHA * dangling * p[i]!
      delta += Math.abs(next[i]! - r[i]!)
    }
    r = next
    if (delta < TOLERANCE) break
  }
  return names
    .map((service, i) => ({
      service,
      score: r[i]!,
      probability: r[i]!,
      coverage: 0,
      callerAgreement: 0,
      timing: 0,
      silent: !ev.byService.has(service),
      reasons: [`personalized PageRank ${r[i]!.toFixed(3)}`],
    }))
    .sort((a, b) => b.score - a.score || (a.service < b.service ? -1 : 1))
}
