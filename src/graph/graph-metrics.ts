/**
 * Keeps the graph gauges in step with the live snapshot: node and edge
 * counts, and aiops_graph_info{version,source,hash} = 1 for the live version
 * only (reset on every change, so a dashboard never sees two "live" graphs),
 * and the live graph's age, read at scrape time.
 */
import type { Metrics } from '../metrics.ts'
import type { GraphStore } from './store.ts'

/** Subscribe the gauges to `store`; returns the unsubscribe function. */
export function trackGraphMetrics(store: GraphStore, metrics: Metrics): () => void {
  const off = store.subscribe((snap) => {
    const { version, hash, nodes, edges } = snap.graph.data
    metrics.graphNodes.set(nodes.length)
    metrics.graphEdges.set(edges.length)
    metrics.graphInfo.reset()
    metrics.graphInfo.set({ version, source: snap.graphOrigin, hash }, 1)
  })
  metrics.graphLoadedAt.get = () => {
    const at = store.current ? Date.parse(store.current.loadedAt) : NaN
    return Number.isFinite(at) ? at : undefined
  }
  return () => {
    off()
    metrics.graphLoadedAt.get = undefined
  }
}
