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
import { dominantScope, scopesConflict } from './scope.ts'

function isOrphanGroup(group: readonly Source[], graph: ServiceGraph): boolean {
  return group.every((s) => !graph.tiers.has(s.service))
}

function looksLikeCaller(group: readonly Source[]): boolean {
  if (!group.every((s) => metricKind(s.metric) === 'symptom')) return false
  return group.length >= 2 || new Set(group.map((s) => s.metric)).size >= 2
}

/** Merge qualifying orphan groups into the in-graph group whose window holds their onset. */
/** Earliest and latest onset of a group, by a loop (no spread: groups can hold 20 000 sources). */
function onsetWindow(group: readonly Source[]): { start: number; end: number } {
  let start = Infinity
  let end = -Infinity
  for (const s of group) {
    if (s.onsetMs < start) start = s.onsetMs
    if (s.onsetMs > end) end = s.onsetMs
  }
  return { start, end }
}

export function attachOrphans(groups: Source[][], graph: ServiceGraph, gapMs: number): Source[][] {
  const anchored = groups.filter((g) => !isOrphanGroup(g, graph))
  // An anchored group's window and scope are needed only when an orphan group
  // is weighed against it: computed then, once, not for every group of a batch
  // that has no orphan (or none that looks like a caller).
  const windows: ({ start: number; end: number } | undefined)[] = []
  const scopes: (Map<string, string> | undefined)[] = []
  // Copied before an orphan group joins it, so the caller's arrays are never changed.
  const out = [...anchored]
  for (const group of groups) {
    if (!isOrphanGroup(group, graph)) continue
    let best = -1
    let bestSize = 0
    if (looksLikeCaller(group)) {
      const onset = onsetWindow(group).start
      const scope = dominantScope(group)
      anchored.forEach((g, i) => {
        const { start, end } = (windows[i] ??= onsetWindow(g))
        const inWindow = onset >= start && onset <= end + gapMs
        if (inWindow && g.length > bestSize && !scopesConflict(scope, (scopes[i] ??= dominantScope(g)))) {
          best = i
          bestSize = g.length
        }
      })
    }
    if (best < 0) {
      out.push(group)
      continue
    }
    if (out[best] === anchored[best]) out[best] = [...anchored[best]!]
    for (const s of group) out[best]!.push(s)
  }
  return out
}
