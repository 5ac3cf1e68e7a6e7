/**
 * Correlation: alerts → clusters. Repeated firings collapse into sources
 * (sources.ts); two sources link when their onsets are within `gapSec` and
 * their services are related on the call graph (relatedness.ts); a cluster is
 * a connected set of linked sources. Then sources on services missing from
 * the graph join a cluster only on evidence (orphans.ts).
 *
 * Cost: O(S · R · log S) for S sources and R related services per source,
 * thanks to one observation: every source of service r whose onset lies in
 * [t, t + gap] is within `gap` of the others, so chaining each service's
 * sources in time order and linking to the first one in the window is enough.
 */
import type { NormalizedAlert } from './model.ts'
import { attachOrphans } from './orphans.ts'
import { relatedServices } from './relatedness.ts'
import { sourcesConflict } from './scope.ts'
import type { ServiceGraph } from './service-graph.ts'
import { collapseSources, type Source } from './sources.ts'
import { UnionFind } from './union-find.ts'

export interface CorrelateOptions {
  /** Largest onset gap, in seconds, between two linked sources. */
  gapSec: number
  /** Largest number of call edges, in one direction, between linked services. */
  maxHop: number
}

export const CORRELATE_DEFAULTS: CorrelateOptions = { gapSec: 120, maxHop: 2 }

/** A correlated group before ranking: its sources and their alerts. */
export interface AlertGroup {
  sources: Source[]
  alerts: NormalizedAlert[]
}

/** First index in `sorted` (by onset) whose onset is >= t. */
function lowerBound(sorted: readonly Source[], t: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]!.onsetMs < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** @example correlate(alerts, graph, { gapSec: 120, maxHop: 2 }) // AlertGroup[] largest first */
export function correlate(alerts: readonly NormalizedAlert[], graph: ServiceGraph, options: Partial<CorrelateOptions> = {}): AlertGroup[] {
  const { gapSec, maxHop } = { ...CORRELATE_DEFAULTS, ...options }
  const gapMs = gapSec * 1000
  const sources = collapseSources(alerts)
  const index = new Map<Source, number>(sources.map((s, i) => [s, i]))
  const byService = new Map<string, Source[]>()
  for (const s of sources) {
    const list = byService.get(s.service)
    if (list) list.push(s)
    else byService.set(s.service, [s])
  }

  const uf = new UnionFind(sources.length)
  for (const list of byService.values()) {
    for (let i = 1; i < list.length; i++) {
      const [prev, cur] = [list[i - 1]!, list[i]!]
      if (cur.onsetMs - prev.onsetMs <= gapMs && !sourcesConflict(prev, cur)) uf.union(index.get(cur)!, index.get(prev)!)
    }
  }
  sources.forEach((s, i) => {
    if (!graph.tiers.has(s.service)) return
    for (const r of relatedServices(graph, s.service, maxHop)) {
      if (r === s.service) continue
      const list = byService.get(r)
      if (!list) continue
      // The first same-scope source in [onset, onset + gap]; the rest of the window chains to it.
      for (let j = lowerBound(list, s.onsetMs); j < list.length && list[j]!.onsetMs - s.onsetMs <= gapMs; j++) {
        if (sourcesConflict(s, list[j]!)) continue
        uf.union(i, index.get(list[j]!)!)
        break
      }
    }
  })

  const groups = new Map<number, Source[]>()
  sources.forEach((s, i) => {
    const root = uf.find(i)
    const g = groups.get(root)
    if (g) g.push(s)
    else groups.set(root, [s])
  })
  const merged = attachOrphans([...groups.values()], graph, gapMs)
  return merged
    .map((group) => ({
      sources: group,
      alerts: group.flatMap((s) => s.alertIndexes).sort((a, b) => a - b).map((i) => alerts[i]!),
    }))
    .sort((a, b) => b.alerts.length - a.alerts.length || a.sources[0]!.onsetMs - b.sources[0]!.onsetMs)
}
