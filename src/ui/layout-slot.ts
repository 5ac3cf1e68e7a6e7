/**
 * A position in a layer of the layered layout: a node or a bend point of an
 * edge that skips layers, with its neighbours one layer up and down. Shared
 * by the layering, the ordering and the x placement.
 */

export interface Slot {
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

/** Sets each slot's order to its index in its layer. */
export function renumber(layer: readonly Slot[]): void {
  for (let i = 0; i < layer.length; i++) layer[i]!.order = i
}
