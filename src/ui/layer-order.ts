/**
 * The order of the slots within each layer of the layered layout: barycenter
 * sweeps (each slot moves to the mean position of its neighbours in the layer
 * just placed), alternating down and up, keeping the order with the fewest
 * edge crossings; then fans of callers are centred over the callee they share.
 */
import { renumber, type Slot } from './layout-slot.ts'

/** Alternating barycenter sweeps; keeps the ordering with the fewest crossings. Returns that count. */
export function orderLayers(layers: Slot[][], sweeps: number): number {
  for (const layer of layers) renumber(layer)
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
      renumber(layer)
    }
    const c = countCrossings(layers)
    if (c < best) {
      best = c
      bestOrder = layers.map((l) => [...l])
    }
  }
  for (let i = 0; i < bestOrder.length; i++) {
    layers[i] = bestOrder[i]!
    renumber(layers[i]!)
  }
  // Last, from the bottom row up: centre each fan of callers over the callee they share (kept only if no worse).
  for (let k = layers.length - 2; k >= 0; k--) {
    const layer = layers[k]!
    const before = [...layer]
    const bary = new Map(layer.map((s) => [s, s.down.length > 0 ? s.down.reduce((a, n) => a + n.order, 0) / s.down.length : Number.NaN] as const))
    centreTies(layer, bary)
    renumber(layer)
    const c = countCrossings(layers)
    if (c > best) {
      layers[k] = before
      renumber(before)
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
      for (let k = 0; k < heavy.length; k++) placed[mid + (k % 2 === 0 ? k / 2 : -(k + 1) / 2)] = heavy[k]!
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
