/**
 * Make a new graph live, keeping the live history: an upload and a
 * discovered graph both change the graph only. With nothing live yet the
 * embedded history goes with it. `store.current` is read after the only
 * await and the swap follows at once, so a change made meanwhile (a rollback,
 * a history reload) is the base, never lost.
 */
import type { GraphData } from '../domain/service-graph.ts'
import { loadHistory } from './load.ts'
import { createSnapshot, type GraphStore, type Snapshot } from './store.ts'

interface GraphChange {
  origin: string
  loadedAt: string
}

/** A snapshot of `graph` with `base`'s history: what a new graph (uploaded, discovered, promoted or shadowed) goes with. */
export function withGraph(base: Pick<Snapshot, 'history' | 'historyOrigin' | 'historyHash'>, graph: GraphData, o: GraphChange): Snapshot {
  return createSnapshot({
    graph,
    graphOrigin: o.origin,
    history: base.history,
    historyOrigin: base.historyOrigin,
    historyHash: base.historyHash,
    loadedAt: o.loadedAt,
  })
}

/** Swap `graph` in as the live graph; returns the replaced snapshot (undefined when none was live). */
export async function swapGraph(store: GraphStore, graph: GraphData, o: GraphChange): Promise<Snapshot | undefined> {
  const fallback = store.current ? undefined : await loadHistory(undefined)
  const live = store.current
  store.swap(withGraph(live ?? { history: fallback!.history, historyOrigin: fallback!.origin, historyHash: fallback!.hash }, graph, o))
  return live
}
