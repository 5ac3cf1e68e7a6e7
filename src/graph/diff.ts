/**
 * What changed between two graph versions: nodes and edges added and
 * removed, and services whose tier changed. Used by GET /admin/graph/diff,
 * by the refresher's "edges added/removed by the last change" metrics and by
 * the shrink guard (the share of the live edges a refresh would remove).
 */
import type { Tier } from '../domain/model.ts'
import type { GraphData } from '../domain/service-graph.ts'

export interface GraphDiff {
  nodes: { added: string[]; removed: string[] }
  edges: { added: Array<{ from: string; to: string }>; removed: Array<{ from: string; to: string }> }
  tiers_changed: Array<{ name: string; from: Tier; to: Tier }>
}

const edgeKey = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`

/** `b` relative to `a`, each list sorted so equal diffs compare equal. */
export function diffGraphs(a: GraphData, b: GraphData): GraphDiff {
  const aNodes = new Map(a.nodes.map((n) => [n.name, n.tier]))
  const bNodes = new Map(b.nodes.map((n) => [n.name, n.tier]))
  const aEdges = new Set(a.edges.map(edgeKey))
  const bEdges = new Set(b.edges.map(edgeKey))
  const byEdge = (x: { from: string; to: string }, y: { from: string; to: string }) => (edgeKey(x) < edgeKey(y) ? -1 : 1)
  return {
    nodes: {
      added: [...bNodes.keys()].filter((n) => !aNodes.has(n)).sort(),
      removed: [...aNodes.keys()].filter((n) => !bNodes.has(n)).sort(),
    },
    edges: {
      added: b.edges
        .filter((e) => !aEdges.has(edgeKey(e)))
        .map(({ from, to }) => ({ from, to }))
        .sort(byEdge),
      removed: a.edges
        .filter((e) => !bEdges.has(edgeKey(e)))
        .map(({ from, to }) => ({ from, to }))
        .sort(byEdge),
    },
    tiers_changed: [...bNodes]
      .filter(([n, t]) => aNodes.has(n) && aNodes.get(n) !== t)
      .map(([name, to]) => ({ name, from: aNodes.get(name)!, to }))
      .sort((x, y) => (x.name < y.name ? -1 : 1)),
  }
}

/** The share (0–1) of `live`'s edges that `next` no longer has; 0 for an empty live graph. */
export function removedShare(live: GraphData, next: GraphData): number {
  if (live.edges.length === 0) return 0
  const kept = new Set(next.edges.map(edgeKey))
  return live.edges.filter((e) => !kept.has(edgeKey(e))).length / live.edges.length
}
