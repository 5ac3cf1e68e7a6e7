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

/** Swap `graph` in as the live graph; returns the replaced snapshot (undefined when none was live). */
export async function swapGraph(store: GraphStore, graph: GraphData, o: { origin: string; loadedAt: string }): Promise<Snapshot | undefined> {
  const fallback = store.current ? undefined : await loadHistory(undefined)
  const live = store.current
  store.swap(
    createSnapshot({
      graph,
      graphOrigin: o.origin,
      history: live?.history ?? fallback!.history,
      historyOrigin: live?.historyOrigin ?? fallback!.origin,
      historyHash: live?.historyHash ?? fallback!.hash,
      loadedAt: o.loadedAt,
    }),
  )
  return live
}
