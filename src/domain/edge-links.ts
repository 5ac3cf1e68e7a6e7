/**
 * Correlation of edge alerts (edge-labels.ts). An edge alert's `service` is
 * the caller, but it is evidence on the callee it names: it links with the
 * callee's own sources and with other callers' edge alerts on the same callee
 * (the callers of one slow service are one incident, as the `peer` relation
 * says for services). Without this a silent callee's callers, each with one
 * edge alert, ended up in separate small clusters.
 */
import { sourcesConflict } from './scope.ts'
import { lowerBound, type Source } from './sources.ts'
import type { UnionFind } from './union-find.ts'

/** What linking needs from the correlation pass. */
export interface LinkCtx {
  gapMs: number
  uf: UnionFind
  index: ReadonlyMap<Source, number>
  /** Edge sources → the callee they name. */
  callee: ReadonlyMap<Source, string>
}

/** Edge sources of `subset` grouped by the callee they name, in onset order. */
export function byCallee(subset: readonly Source[], callee: ReadonlyMap<Source, string>): Map<string, Source[]> {
  const out = new Map<string, Source[]>()
  for (const s of subset) {
    const d = callee.get(s)
    if (d === undefined) continue
    const list = out.get(d)
    if (list) list.push(s)
    else out.set(d, [s])
  }
  return out
}

/** Link `s` to the first same-scope source of `list` with onset in [s.onset, s.onset + reach]. */
function linkForward(s: Source, list: readonly Source[] | undefined, reach: number, ctx: LinkCtx): void {
  if (!list) return
  for (let j = lowerBound(list, s.onsetMs); j < list.length && list[j]!.onsetMs - s.onsetMs <= reach; j++) {
    if (list[j] === s || sourcesConflict(s, list[j]!)) continue
    ctx.uf.union(ctx.index.get(s)!, ctx.index.get(list[j]!)!)
    break
  }
}

/**
 * Edge alerts are evidence on the callee they name: they link with the callee's
 * own sources and with other callers' edge alerts on it (the callers of one
 * slow service are one incident, as the `peer` relation says for services).
 */
export function linkEdges(subset: readonly Source[], lists: ReadonlyMap<string, Source[]>, ctx: LinkCtx): void {
  if (ctx.callee.size === 0) return
  const edges = byCallee(subset, ctx.callee)
  for (const [d, list] of edges) {
    for (let i = 1; i < list.length; i++) {
      const [prev, cur] = [list[i - 1]!, list[i]!]
      if (cur.onsetMs - prev.onsetMs <= ctx.gapMs && !sourcesConflict(prev, cur)) ctx.uf.union(ctx.index.get(cur)!, ctx.index.get(prev)!)
    }
    const own = lists.get(d)
    if (!own) continue
    for (const e of list) linkForward(e, own, ctx.gapMs, ctx)
    for (const x of own) linkForward(x, list, ctx.gapMs, ctx)
  }
}
