import { describe, expect, it } from 'bun:test'
import { layeredLayout } from '../../src/ui/layered-layout.ts'

const box = (id: string, width = 100) => ({ id, width, height: 40 })

describe('layeredLayout', () => {
  it('puts callees below their callers and the deepest callee on the bottom row', () => {
    const l = layeredLayout(
      [box('web'), box('api'), box('db')],
      [
        { from: 'web', to: 'api' },
        { from: 'api', to: 'db' },
      ],
    )
    expect([l.nodes.get('web')!.layer, l.nodes.get('api')!.layer, l.nodes.get('db')!.layer]).toEqual([0, 1, 2])
    expect(l.nodes.get('web')!.y).toBeLessThan(l.nodes.get('db')!.y)
  })

  it('lays out a call cycle without hanging, every node on some row', () => {
    const l = layeredLayout(
      [box('a'), box('b'), box('c')],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
      ],
    )
    expect(l.nodes.size).toBe(3)
    expect(new Set([...l.nodes.values()].map((n) => n.layer)).size).toBe(3)
    // The reversed edge still points from its caller to its callee.
    const back = l.edges.find((e) => e.from === 'c' && e.to === 'a')!
    expect(back.points[0]![1]).toBeGreaterThan(back.points[back.points.length - 1]![1])
  })

  it('orders a row to undo crossings the input order would make', () => {
    // a→y and b→x cross when both rows keep input order.
    const l = layeredLayout(
      [box('a'), box('b'), box('x'), box('y')],
      [
        { from: 'a', to: 'y' },
        { from: 'b', to: 'x' },
      ],
    )
    expect(l.crossings).toBe(0)
    const ax = l.nodes.get('a')!.x < l.nodes.get('b')!.x
    const yx = l.nodes.get('y')!.x < l.nodes.get('x')!.x
    expect(ax).toBe(yx)
  })

  it('never overlaps boxes in a row, whatever their widths', () => {
    const nodes = [box('top'), ...Array.from({ length: 9 }, (_, i) => box(`s${i}`, 60 + i * 20))]
    const l = layeredLayout(
      nodes,
      nodes.slice(1).map((n) => ({ from: 'top', to: n.id })),
    )
    const row = [...l.nodes.values()].filter((n) => n.layer === 1).sort((a, b) => a.x - b.x)
    for (let i = 1; i < row.length; i++) expect(row[i]!.x - row[i]!.width / 2).toBeGreaterThanOrEqual(row[i - 1]!.x + row[i - 1]!.width / 2 + 1)
    expect(Math.min(...row.map((n) => n.x - n.width / 2))).toBeGreaterThanOrEqual(0)
  })

  it('routes an edge that skips a row through a bend in that row', () => {
    const l = layeredLayout(
      [box('a'), box('b'), box('c')],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'a', to: 'c' },
      ],
    )
    expect(l.edges.find((e) => e.from === 'a' && e.to === 'c')!.points).toHaveLength(3)
  })

  it('pins an edge-less node to the first or the last row', () => {
    const l = layeredLayout(
      [box('a'), box('b'), box('c'), { ...box('top-group'), pin: 'first' as const }, { ...box('bottom-group'), pin: 'last' as const }],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
    )
    expect(l.nodes.get('top-group')!.layer).toBe(0)
    expect(l.nodes.get('bottom-group')!.layer).toBe(2)
  })

  it('ignores self-loops, repeated edges and edges to unknown nodes', () => {
    const l = layeredLayout(
      [box('a'), box('b')],
      [
        { from: 'a', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'a', to: 'b' },
        { from: 'a', to: 'ghost' },
      ],
    )
    expect(l.edges).toHaveLength(1)
  })
})
