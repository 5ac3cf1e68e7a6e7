/**
 * Correlation: alerts → clusters, in three steps over sources (repeated
 * firings collapsed, sources.ts):
 *
 * 1. Strong sources (strength.ts) link when their onsets are within `gapSec`
 *    and their services are related on the call graph (relatedness.ts); a
 *    cluster is a connected set of linked sources.
 * 2. A weak source joins a cluster only where the graph says it belongs: on
 *    the same service as one of its strong sources, or as a symptom (latency,
 *    errors) on a caller of one, since faults climb to callers. A blip of cpu
 *    on some callee of the incident stays out, however close in time.
 * 3. Weak sources left over cluster among themselves by the rule of step 1,
 *    so an incident made only of weak alerts is still found.
 * Then sources on services missing from the graph join on evidence (orphans.ts).
 *
 * Cost: O(S · R · log S) for S sources and R related services per source:
 * every source of service r whose onset lies in [t, t + gap] is within `gap`
 * of the others, so chaining each service's sources in time order and linking
 * to the first one in the window is enough. Never all-pairs.
 */
import { byCallee, linkEdges } from './edge-links.ts'
import { EDGE_LABEL_DEFAULTS, edgeOf, type EdgeLabelOptions } from './edge-labels.ts'
import { metricKind } from './metric-kind.ts'
import type { NormalizedAlert } from './model.ts'
import { attachOrphans } from './orphans.ts'
import { relatedServices, type Direction } from './relatedness.ts'
import { sourcesConflict } from './scope.ts'
import type { ServiceGraph } from './service-graph.ts'
import { lowerBound, type Source } from './sources.ts'
import { linkCallerViews } from './caller-views.ts'
import { segmentsOf } from './segments.ts'
import { SKEW_SEC } from './skew.ts'
import { isStrong } from './strength.ts'
import { UnionFind } from './union-find.ts'

export interface CorrelateOptions {
  /** Largest onset gap, in seconds, between two linked sources. */
  gapSec: number
  /** Largest number of call edges, in one direction, between linked services. */
  maxHop: number
  /** Which labels make an alert an edge alert (edge-labels.ts). */
  edgeLabels?: EdgeLabelOptions
}

export const CORRELATE_DEFAULTS: CorrelateOptions = { gapSec: 120, maxHop: 2 }

const SKEW_MS = SKEW_SEC * 1000

/** A correlated group before ranking: its sources and their alerts. */
export interface AlertGroup {
  sources: Source[]
  alerts: NormalizedAlert[]
}

function byService(sources: readonly Source[]): Map<string, Source[]> {
  const out = new Map<string, Source[]>()
  for (const s of sources) {
    const list = out.get(s.service)
    if (list) list.push(s)
    else out.set(s.service, [s])
  }
  return out
}

interface Ctx {
  graph: ServiceGraph
  gapMs: number
  skewMs: number
  maxHop: number
  uf: UnionFind
  index: Map<Source, number>
  /** Edge sources (edge-labels.ts) → the callee they name. */
  callee: Map<Source, string>
}

// A callee's trouble starts first if it belongs here: only a little skew after s is allowed.
const reachOf = (dir: Direction, ctx: Ctx) => (dir === 'down' ? Math.min(ctx.gapMs, ctx.skewMs) : ctx.gapMs)

/** Index of the first source in `sorted` (by onset) with onset after `t`. */
function firstAfter(sorted: readonly Source[], t: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]!.onsetMs <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Links s to the first same-scope source of `list` (one service's, by onset) in [onset, onset + reach]; the rest of the window chains to it. */
function linkFirstIn(list: readonly Source[] | undefined, s: Source, dir: Direction, ctx: Ctx): void {
  if (!list) return
  const reach = reachOf(dir, ctx)
  for (let j = lowerBound(list, s.onsetMs); j < list.length && list[j]!.onsetMs - s.onsetMs <= reach; j++) {
    if (sourcesConflict(s, list[j]!)) continue
    ctx.uf.union(ctx.index.get(s)!, ctx.index.get(list[j]!)!)
    return
  }
}

/** Step 1 (and 3): link `subset` (sorted by onset) by time gap and relatedness. */
function linkAmong(subset: readonly Source[], ctx: Ctx): void {
  const { graph, gapMs, maxHop, uf, index } = ctx
  const lists = byService(subset)
  for (const list of lists.values()) {
    for (let i = 1; i < list.length; i++) {
      const [prev, cur] = [list[i - 1]!, list[i]!]
      if (cur.onsetMs - prev.onsetMs <= gapMs && !sourcesConflict(prev, cur)) uf.union(index.get(cur)!, index.get(prev)!)
    }
  }
  // Each source links to the first same-scope source of each related service
  // in its time window. Either the related services are looked up, or the
  // window is scanned and each source in it asked whether its service is
  // related, whichever is shorter: a source on a hub relates to hundreds of
  // services while its window holds a few dozen sources, and a quiet stretch
  // the other way round. Both make the same links.
  const linked = new Map<string, number>()
  subset.forEach((s, at) => {
    if (!graph.tiers.has(s.service)) return
    const related = relatedServices(graph, s.service, maxHop)
    const from = lowerBound(subset, s.onsetMs)
    // The window's length only chooses the way; which sources it holds is decided as everywhere else, by onset difference.
    if (related.size <= firstAfter(subset, s.onsetMs + gapMs) - from) {
      for (const [r, dir] of related) linkFirstIn(lists.get(r), s, dir, ctx)
      return
    }
    for (let j = from; j < subset.length && subset[j]!.onsetMs - s.onsetMs <= gapMs; j++) {
      const x = subset[j]!
      const dir = related.get(x.service)
      if (dir === undefined || linked.get(x.service) === at || x.onsetMs - s.onsetMs > reachOf(dir, ctx) || sourcesConflict(s, x)) continue
      uf.union(index.get(s)!, index.get(x)!)
      linked.set(x.service, at)
    }
  })
  linkEdges(subset, lists, ctx)
  linkCallerViews(subset, lists, ctx)
}

/**
 * The source in `list` (sorted by onset) nearest in time to `w`, with onset in
 * [w − before, w + after] and no conflicting scope. Walks outwards from w's
 * position, so it costs O(log n) plus the conflicting neighbours it skips,
 * not the size of the window: a storm of 20 000 alerts on one service must
 * not turn this into a quadratic scan.
 */
function nearestIn(list: readonly Source[] | undefined, w: Source, beforeMs: number, afterMs: number): Source | undefined {
  if (!list) return undefined
  let right = lowerBound(list, w.onsetMs)
  let left = right - 1
  for (;;) {
    const l = left >= 0 && list[left]!.onsetMs >= w.onsetMs - beforeMs ? list[left] : undefined
    const r = right < list.length && list[right]!.onsetMs <= w.onsetMs + afterMs ? list[right] : undefined
    if (!l && !r) return undefined
    const takeLeft = l !== undefined && (r === undefined || w.onsetMs - l.onsetMs <= r.onsetMs - w.onsetMs)
    const s = takeLeft ? l! : r!
    if (!sourcesConflict(s, w)) return s
    if (takeLeft) left--
    else right++
  }
}

/** Anchors for weak sources: strong sources, and weak ones already placed (appended in onset order). */
interface Anchors {
  strong: Map<string, Source[]>
  placed: Map<string, Source[]>
}

function nearestOn(anchors: Anchors, service: string, w: Source, beforeMs: number, afterMs: number): Source | undefined {
  const a = nearestIn(anchors.strong.get(service), w, beforeMs, afterMs)
  const b = nearestIn(anchors.placed.get(service), w, beforeMs, afterMs)
  if (!a || !b) return a ?? b
  return Math.abs(a.onsetMs - w.onsetMs) <= Math.abs(b.onsetMs - w.onsetMs) ? a : b
}

/**
 * Step 2: attach weak sources where the graph says they belong; returns those
 * left over. In onset order, and an attached source anchors later ones, so a
 * chain of one-off symptoms climbing the call graph follows its incident.
 */
function attachWeak(weak: readonly Source[], strong: readonly Source[], ctx: Ctx): Source[] {
  const anchors: Anchors = { strong: byService(strong), placed: new Map() }
  // Strong edge alerts, by the callee they name: a weak edge alert on the same callee belongs with them.
  const edgeAnchors: Anchors = { strong: byCallee(strong, ctx.callee), placed: new Map() }
  const left: Source[] = []
  for (const w of weak) {
    let anchor = nearestOn(anchors, w.service, w, ctx.gapMs, ctx.gapMs)
    const d = ctx.callee.get(w)
    if (!anchor && d !== undefined) anchor = nearestOn(edgeAnchors, d, w, ctx.gapMs, ctx.gapMs) ?? nearestOn(anchors, d, w, ctx.gapMs, ctx.gapMs)
    if (!anchor && ctx.graph.tiers.has(w.service) && metricKind(w.metric) === 'symptom') {
      for (const [callee, dir] of relatedServices(ctx.graph, w.service, ctx.maxHop)) {
        if (dir !== 'down' && dir !== 'both') continue
        // The callee's trouble must have started first (up to clock skew) to explain w's symptom.
        const s = nearestOn(anchors, callee, w, ctx.gapMs, ctx.skewMs)
        if (s && (!anchor || Math.abs(s.onsetMs - w.onsetMs) < Math.abs(anchor.onsetMs - w.onsetMs))) anchor = s
      }
    }
    if (!anchor) {
      left.push(w)
      continue
    }
    ctx.uf.union(ctx.index.get(w)!, ctx.index.get(anchor)!)
    // Weak sources come in onset order, so appending keeps each list sorted.
    const placed = anchors.placed.get(w.service)
    if (placed) placed.push(w)
    else anchors.placed.set(w.service, [w])
  }
  return left
}

/** Largest first; ties by onset, then by first fingerprint, so the order never depends on how the work was split. */
export function byGroupOrder(a: AlertGroup, b: AlertGroup): number {
  const fa = a.sources[0]!
  const fb = b.sources[0]!
  return b.alerts.length - a.alerts.length || fa.onsetMs - fb.onsetMs || (fa.fingerprint < fb.fingerprint ? -1 : fa.fingerprint > fb.fingerprint ? 1 : 0)
}

/**
 * Correlates one time segment (segments.ts): `sources` in onset order, whose
 * alertIndexes point into `alerts`. Sources of different segments never
 * link, so a batch's groups are the union of its segments' groups.
 */
export function correlateSegment(
  sources: readonly Source[],
  alerts: readonly NormalizedAlert[],
  graph: ServiceGraph,
  options: Partial<CorrelateOptions> = {},
): AlertGroup[] {
  const { gapSec, maxHop, edgeLabels } = { ...CORRELATE_DEFAULTS, ...options }
  const callee = new Map<Source, string>()
  for (const s of sources) {
    const e = edgeOf(s.service, s.labels, edgeLabels ?? EDGE_LABEL_DEFAULTS)
    if (e) callee.set(s, e.callee)
  }
  const ctx: Ctx = {
    graph,
    gapMs: gapSec * 1000,
    skewMs: SKEW_MS,
    maxHop,
    uf: new UnionFind(sources.length),
    index: new Map(sources.map((s, i) => [s, i])),
    callee,
  }
  const strong = sources.filter(isStrong)
  linkAmong(strong, ctx)
  const leftover = attachWeak(
    sources.filter((s) => !isStrong(s)),
    strong,
    ctx,
  )
  linkAmong(leftover, ctx)

  const groups = new Map<number, Source[]>()
  sources.forEach((s, i) => {
    const root = ctx.uf.find(i)
    const g = groups.get(root)
    if (g) g.push(s)
    else groups.set(root, [s])
  })
  return attachOrphans([...groups.values()], graph, ctx.gapMs)
    .map((group) => ({
      sources: group,
      // Time order, ties by id: the same alerts give the same list whatever order they came in.
      alerts: group
        .flatMap((s) => s.alertIndexes)
        .map((i) => alerts[i]!)
        .sort((a, b) => a.tsMs - b.tsMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    }))
    .sort(byGroupOrder)
}

/** @example correlate(alerts, graph, { gapSec: 120, maxHop: 2 }) // AlertGroup[] largest first */
export function correlate(alerts: readonly NormalizedAlert[], graph: ServiceGraph, options: Partial<CorrelateOptions> = {}): AlertGroup[] {
  const o = { ...CORRELATE_DEFAULTS, ...options }
  return segmentsOf(alerts, o.gapSec)
    .flatMap((segment) => correlateSegment(segment, alerts, graph, o))
    .sort(byGroupOrder)
}
