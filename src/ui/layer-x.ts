/**
 * x positions of the slots of the layered layout: packed left to right, then
 * pulled towards the mean x of their neighbours a few times, keeping their
 * order and the gap between them (a least-squares fit per layer).
 */
import type { Slot } from './layout-slot.ts'

/** Packs each layer left to right, then pulls every slot towards its neighbours' mean x, keeping order and gaps. */
export function placeX(layers: Slot[][], o: { margin: number; nodeGap: number; straighten: number }): void {
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
