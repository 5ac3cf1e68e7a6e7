/**
 * A layered (Sugiyama-style) layout of a small directed graph, callers above
 * callees: break cycles (a DFS reverses back edges), longest-path layering,
 * dummy nodes on edges that skip layers, barycenter ordering (alternating
 * sweeps, best crossing count kept), then x positions pulled towards the
 * neighbours' mean without overlaps. Pure; the picture it feeds draws at most a
 * few dozen nodes (the rest is collapsed before layout), where this simple
 * pipeline gives the same readability as a general library (DESIGN.md).
 */
import { placeX } from './layer-x.ts'
import { orderLayers } from './layer-order.ts'
import type { Slot } from './layout-slot.ts'

export interface LayoutNodeInput {
  id: string
  width: number
  height: number
  /** An edge-less node placed in the first or the last row (a collapsed group). */
  pin?: 'first' | 'last'
}

export interface LayoutEdgeInput {
  from: string
  to: string
}

export interface PlacedNode {
  id: string
  /** Centre. */
  x: number
  y: number
  width: number
  height: number
  layer: number
}

export interface RoutedEdge {
  from: string
  to: string
  /** From the bottom of `from` to the top of `to` (or the reverse for an edge drawn upwards), through its bends. */
  points: Array<[number, number]>
}

export interface Layout {
  width: number
  height: number
  nodes: Map<string, PlacedNode>
  edges: RoutedEdge[]
  /** Edge crossings left by the ordering (a readability figure for tests and the bench). */
  crossings: number
}

export const LAYOUT_DEFAULTS = {
  /** Horizontal gap between neighbours in a layer: room for an arrowhead between boxes. */
  nodeGap: 28,
  /** Vertical gap between layers: edges need room to fan out and stay readable. */
  layerGap: 64,
  /** Width a bend point takes in its layer, so long edges do not push boxes apart much. */
  dummyWidth: 12,
  /** Ordering sweeps; crossing counts stop improving after a handful on graphs this size. */
  sweeps: 12,
  /** Passes that pull x towards the neighbours' mean. */
  straighten: 6,
  margin: 16,
}

export type LayoutOptions = typeof LAYOUT_DEFAULTS

/**
 * Places `nodes` in layers by the direction of `edges` (a → b puts b below a).
 * @example layeredLayout([{ id: 'a', width: 80, height: 30 }, { id: 'b', width: 80, height: 30 }], [{ from: 'a', to: 'b' }]).nodes.get('b')!.layer // 1
 */
export function layeredLayout(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: Partial<LayoutOptions> = {}): Layout {
  const o = { ...LAYOUT_DEFAULTS, ...options }
  const slots = new Map<string, Slot>()
  for (const n of nodes)
    if (!slots.has(n.id)) slots.set(n.id, { id: n.id, width: n.width, height: n.height, dummy: false, up: [], down: [], layer: 0, order: 0, x: 0 })
  const unique = dedupeEdges(edges, slots)
  const reversed = backEdges([...slots.keys()], unique)
  const dag = unique.map((e) => (reversed.has(e) ? { from: e.to, to: e.from } : e))
  assignLayers([...slots.values()], dag, slots, new Map(nodes.filter((n) => n.pin).map((n) => [n.id, n.pin!])))

  // Chains of dummies for edges that skip layers; remember each edge's chain for routing.
  const chains: Slot[][] = []
  for (const e of dag) {
    const chain = [slots.get(e.from)!]
    for (let l = chain[0]!.layer + 1; l < slots.get(e.to)!.layer; l++) {
      const d: Slot = { id: `\u0000${chains.length}:${l}`, width: o.dummyWidth, height: 0, dummy: true, up: [], down: [], layer: l, order: 0, x: 0 }
      chain.push(d)
    }
    chain.push(slots.get(e.to)!)
    for (let i = 1; i < chain.length; i++) {
      chain[i - 1]!.down.push(chain[i]!)
      chain[i]!.up.push(chain[i - 1]!)
    }
    chains.push(chain)
  }
  const layers: Slot[][] = []
  for (const s of slots.values()) (layers[s.layer] ??= []).push(s)
  for (const chain of chains) for (const s of chain) if (s.dummy) (layers[s.layer] ??= []).push(s)
  for (let l = 0; l < layers.length; l++) layers[l] ??= []
  const crossings = orderLayers(layers as Slot[][], o.sweeps)
  placeX(layers as Slot[][], o)

  let y = o.margin
  const layerY: number[] = []
  for (const layer of layers as Slot[][]) {
    const h = Math.max(0, ...layer.map((s) => s.height))
    layerY.push(y + h / 2)
    y += h + o.layerGap
  }
  const width = Math.max(o.margin * 2, ...[...slots.values()].map((s) => s.x + s.width / 2 + o.margin))
  const placed = new Map<string, PlacedNode>()
  for (const s of slots.values()) placed.set(s.id, { id: s.id, x: s.x, y: layerY[s.layer]!, width: s.width, height: s.height, layer: s.layer })
  const routed = chains.map((chain, i) => {
    const points = chain.map((s, k): [number, number] => {
      const cy = layerY[s.layer]!
      if (k === 0) return [s.x, cy + s.height / 2]
      if (k === chain.length - 1) return [s.x, cy - s.height / 2]
      return [s.x, cy]
    })
    const e = dag[i]!
    const flipped = reversed.has(unique[i]!)
    return flipped ? { from: e.to, to: e.from, points: points.reverse() } : { from: e.from, to: e.to, points }
  })
  return { width, height: Math.max(y - o.layerGap + o.margin, o.margin * 2), nodes: placed, edges: routed, crossings }
}

function dedupeEdges(edges: readonly LayoutEdgeInput[], slots: Map<string, Slot>): LayoutEdgeInput[] {
  const seen = new Set<string>()
  const out: LayoutEdgeInput[] = []
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`
    if (e.from === e.to || seen.has(key) || !slots.has(e.from) || !slots.has(e.to)) continue
    seen.add(key)
    out.push(e)
  }
  return out
}

/** Edges that close a cycle in a DFS from the nodes in input order; reversing them leaves a DAG. */
function backEdges(ids: string[], edges: LayoutEdgeInput[]): Set<LayoutEdgeInput> {
  const out = new Map<string, LayoutEdgeInput[]>()
  for (const e of edges) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e)
  const state = new Map<string, 1 | 2>() // 1 on the stack, 2 done
  const back = new Set<LayoutEdgeInput>()
  for (const start of ids) {
    if (state.has(start)) continue
    // Iterative DFS: a deep call chain must not overflow the stack.
    const stack: Array<{ id: string; i: number }> = [{ id: start, i: 0 }]
    state.set(start, 1)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const e = out.get(top.id)?.[top.i++]
      if (!e) {
        state.set(top.id, 2)
        stack.pop()
      } else if (state.get(e.to) === 1) back.add(e)
      else if (!state.has(e.to)) {
        state.set(e.to, 1)
        stack.push({ id: e.to, i: 0 })
      }
    }
  }
  return back
}

/**
 * Longest path up from the sinks, so the callees where faults start share the bottom row; then a sink
 * sits just below its deepest caller, and pinned nodes go to the first or last row.
 */
function assignLayers(all: Slot[], dag: LayoutEdgeInput[], slots: Map<string, Slot>, pins: ReadonlyMap<string, 'first' | 'last'>): void {
  const outdegree = new Map(all.map((s) => [s.id, 0]))
  const preds = new Map<string, string[]>()
  for (const e of dag) {
    outdegree.set(e.from, outdegree.get(e.from)! + 1)
    ;(preds.get(e.to) ?? preds.set(e.to, []).get(e.to)!).push(e.from)
  }
  const height = new Map(all.map((s) => [s.id, 0]))
  const queue = all.filter((s) => outdegree.get(s.id) === 0).map((s) => s.id)
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!
    for (const u of preds.get(v) ?? []) {
      height.set(u, Math.max(height.get(u)!, height.get(v)! + 1))
      outdegree.set(u, outdegree.get(u)! - 1)
      if (outdegree.get(u) === 0) queue.push(u)
    }
  }
  const top = Math.max(0, ...height.values())
  for (const s of all) s.layer = top - height.get(s.id)!
  for (const s of all) {
    const above = preds.get(s.id)
    if (height.get(s.id) === 0 && above) s.layer = Math.max(...above.map((u) => slots.get(u)!.layer)) + 1
  }
  const last = Math.max(0, ...all.map((s) => s.layer))
  for (const s of all) if (pins.has(s.id)) s.layer = pins.get(s.id) === 'first' ? 0 : last
}
