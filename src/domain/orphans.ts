/**
 * Sources on services missing from the graph ("orphans"). A stale graph misses
 * new callers, and those callers alert when the incident reaches them; noise
 * from unrelated jobs also lands here. An orphan group joins an incident only
 * on evidence that it behaves like a caller of it: symptom metrics only, more
 * than one signal (two metrics or two sources), onset inside the incident's
 * window (callers alert after the root), and no conflicting scope labels
 * (env/region/cluster/namespace). Otherwise it stays a cluster of its own.
 */
import { metricKind } from './metric-kind.ts'
import type { ServiceGraph } from './service-graph.ts'
import type { Source } from './sources.ts'
import { scopeConflicts } from './scope.ts'

function isOrphanGroup(group: readonly Source[], graph: ServiceGraph): boolean {
  return group.every((s) => !graph.tiers.has(s.service))
}

function looksLikeCaller(group: readonly Source[]): boolean {
  if (!group.every((s) => metricKind(s.metric) === 'symptom')) return false
  return group.length >= 2 || new Set(group.map((s) => s.metric)).size >= 2
}

/** Merge qualifying orphan groups into the in-graph group whose window holds their onset. */
export function attachOrphans(groups: Source[][], graph: ServiceGraph, gapMs: number): Source[][] {
  const anchored = groups.filter((g) => !isOrphanGroup(g, graph))
  const out = anchored.map((g) => [...g])
  for (const group of groups) {
    if (!isOrphanGroup(group, graph)) continue
    const onset = Math.min(...group.map((s) => s.onsetMs))
    let best = -1
    let bestSize = 0
    if (looksLikeCaller(group)) {
      anchored.forEach((g, i) => {
        const start = Math.min(...g.map((s) => s.onsetMs))
        const end = Math.max(...g.map((s) => s.onsetMs))
        const inWindow = onset >= start && onset <= end + gapMs
        if (inWindow && !scopeConflicts(group, g) && g.length > bestSize) {
          best = i
          bestSize = g.length
        }
      })
    }
    if (best >= 0) out[best]!.push(...group)
    else out.push(group)
  }
  return out
}
