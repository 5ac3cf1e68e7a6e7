/**
 * A layered (Sugiyama-style) layout of a small directed graph, callers above
 * callees: break cycles (a DFS reverses back edges), longest-path layering,
 * dummy nodes on edges that skip layers, barycenter ordering (alternating
 * sweeps, best crossing count kept), then x positions pulled towards the
 * neighbours' mean without overlaps. Pure; the picture it feeds draws at most a
 * few dozen nodes (the rest is collapsed before layout), where this simple
 * pipeline gives the same readability as a general library (DESIGN.md).
 */

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

interface Slot {
  id: string
  width: number
  height: number
  dummy: boolean
  up: Slot[]
  down: Slot[]
  layer: number
  order: number
  x: number
}

/**
 * Places `nodes` in layers by the direction of `edges` (a → b puts b below a).
 * @example layeredLayout([{ id: 'a', width: 80, height: 30 }, { id: 'b', width: 80, height: 30 }], [{ from: 'a', to: 'b' }]).nodes.get('b')!.layer // 1
 */
export function layeredLayout(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: Partial<LayoutOptions> = {}): Layout {
  const o = { ...LAYOUT_DEFAULTS, ...options }
  const slots = new Map<string, Slot>()
  for (const n of nodes) if (!slots.has(n.id)) slots.set(n.id, { id: n.id, width: n.width, height: n.height, dummy: false, up: [], down: [], layer: 0, order: 0, x: 0 })
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

/** Alternating barycenter sweeps; keeps the ordering with the fewest crossings. Returns that count. */
function orderLayers(layers: Slot[][], sweeps: number): number {
  const renumber = () => layers.forEach((layer) => layer.forEach((s, i) => (s.order = i)))
  renumber()
  let best = countCrossings(layers)
  let bestOrder = layers.map((l) => [...l])
  for (let sweep = 0; sweep < sweeps && best > 0; sweep++) {
    const down = sweep % 2 === 0
    for (let k = 1; k < layers.length; k++) {
      const layer = layers[down ? k : layers.length - 1 - k]!
      const bary = new Map<Slot, number>()
      for (const s of layer) {
        const ns = down ? s.up : s.down
        bary.set(s, ns.length > 0 ? ns.reduce((a, n) => a + n.order, 0) / ns.length : s.order)
      }
      layer.sort((a, b) => bary.get(a)! - bary.get(b)! || a.order - b.order)
      centreTies(layer, bary)
      layer.forEach((s, i) => (s.order = i))
    }
    const c = countCrossings(layers)
    if (c < best) {
      best = c
      bestOrder = layers.map((l) => [...l])
    }
  }
  bestOrder.forEach((l, i) => (layers[i] = l))
  renumber()
  // Last, from the bottom row up: centre each fan of callers over the callee they share (kept only if no worse).
  for (let k = layers.length - 2; k >= 0; k--) {
    const layer = layers[k]!
    const before = [...layer]
    const bary = new Map(layer.map((s) => [s, s.down.length > 0 ? s.down.reduce((a, n) => a + n.order, 0) / s.down.length : Number.NaN] as const))
    centreTies(layer, bary)
    layer.forEach((s, i) => (s.order = i))
    const c = countCrossings(layers)
    if (c > best) {
      layers[k] = before
      before.forEach((s, i) => (s.order = i))
    } else best = c
  }
  return best
}

/**
 * Slots with the same barycenter (siblings under one callee) are free to swap without new crossings:
 * the one with the most edges goes in the middle of its run, so a fan of callers sits centred over the
 * sibling it calls instead of leaning to one side, and the picture does not drift into a staircase.
 */
function centreTies(layer: Slot[], bary: Map<Slot, number>): void {
  for (let start = 0; start < layer.length; ) {
    let end = start + 1
    while (end < layer.length && bary.get(layer[end]!) === bary.get(layer[start]!)) end++
    if (end - start > 2) {
      const run = layer.slice(start, end)
      const degree = (s: Slot) => s.up.length + s.down.length
      const least = Math.min(...run.map(degree))
      // Heavier slots take the middle positions, centre out; the rest keep their order around them.
      const heavy = run.filter((s) => degree(s) > least).sort((a, b) => degree(b) - degree(a) || a.order - b.order)
      const placed: Array<Slot | undefined> = new Array(run.length)
      const mid = Math.floor(run.length / 2)
      heavy.forEach((s, k) => (placed[mid + (k % 2 === 0 ? k / 2 : -(k + 1) / 2)] = s))
      const light = run.filter((s) => degree(s) === least)
      for (let i = 0, j = 0; i < placed.length; i++) if (!placed[i]) placed[i] = light[j++]
      layer.splice(start, run.length, ...(placed as Slot[]))
    }
    start = end
  }
}

/** Crossings between each pair of adjacent layers: pairs of edges whose ends are in opposite order. */
function countCrossings(layers: Slot[][]): number {
  let total = 0
  for (const layer of layers) {
    const ends: Array<[number, number]> = []
    for (const s of layer) for (const d of s.down) ends.push([s.order, d.order])
    for (let i = 0; i < ends.length; i++) {
      for (let j = i + 1; j < ends.length; j++) {
        const [a1, b1] = ends[i]!
        const [a2, b2] = ends[j]!
        if ((a1 - a2) * (b1 - b2) < 0) total++
      }
    }
  }
  return total
}

/** Packs each layer left to right, then pulls every slot towards its neighbours' mean x, keeping order and gaps. */
function placeX(layers: Slot[][], o: LayoutOptions): void {
  for (const layer of layers) {
    let x = o.margin
    for (const s of layer) {
      s.x = x + s.width / 2
      x += s.width + o.nodeGap
    }
  }
  for (let pass = 0; pass < o.straighten; pass++) {
    const down = pass % 2 === 0
    for (let k = 0; k < layers.length; k++) {
      const layer = layers[down ? k : layers.length - 1 - k]!
      const want = layer.map((s) => {
        const ns = [...s.up, ...s.down]
        return ns.length > 0 ? ns.reduce((a, n) => a + n.x, 0) / ns.length : Number.NaN
      })
      // A slot without neighbours (a collapsed group) follows the slot before it instead of staying behind.
      for (let i = 0; i < layer.length; i++) {
        if (!Number.isNaN(want[i]!)) continue
        const prev = layer[i - 1]
        want[i] = prev ? want[i - 1]! + prev.width / 2 + o.nodeGap + layer[i]!.width / 2 : layer[i]!.x
      }
      place(layer, want, o.nodeGap)
    }
  }
  // Shift everything so the leftmost box starts at the margin.
  const minLeft = Math.min(...layers.flat().map((s) => s.x - s.width / 2))
  if (Number.isFinite(minLeft)) for (const s of layers.flat()) s.x += o.margin - minLeft
}

/**
 * Puts a layer's slots as close as possible (least squares) to `want`, in their order and at least `gap`
 * apart: with c the running sum of the minimum separations, y = x - c must not decrease, which is an
 * isotonic regression of want - c, solved exactly by pooling adjacent violators.
 */
function place(layer: Slot[], want: number[], gap: number): void {
  const c: number[] = []
  let acc = 0
  for (let i = 0; i < layer.length; i++) {
    if (i > 0) acc += layer[i - 1]!.width / 2 + gap + layer[i]!.width / 2
    c.push(acc)
  }
  const blocks: Array<{ sum: number; n: number }> = []
  for (let i = 0; i < layer.length; i++) {
    blocks.push({ sum: want[i]! - c[i]!, n: 1 })
    while (blocks.length > 1 && blocks[blocks.length - 2]!.sum / blocks[blocks.length - 2]!.n > blocks[blocks.length - 1]!.sum / blocks[blocks.length - 1]!.n) {
      const last = blocks.pop()!
      blocks[blocks.length - 1]!.sum += last.sum
      blocks[blocks.length - 1]!.n += last.n
    }
  }
  let i = 0
  for (const b of blocks) for (let k = 0; k < b.n; k++, i++) layer[i]!.x = b.sum / b.n + c[i]!
}
