import { describe, expect, it } from 'bun:test'
import { diffGraphs, removedShare } from '../../src/graph/diff.ts'
import { graphData } from '../support/helpers.ts'

describe('diffGraphs', () => {
  it('lists nodes and edges added and removed, and tier changes, sorted', () => {
    const a = graphData(['a>b', 'b>c', 'a>d'], { c: 'db' })
    const b = graphData(['a>b', 'b>c', 'b>e', 'a>e'], { c: 'cache' })
    expect(diffGraphs(a, b)).toEqual({
      nodes: { added: ['e'], removed: ['d'] },
      edges: {
        added: [
          { from: 'a', to: 'e' },
          { from: 'b', to: 'e' },
        ],
        removed: [{ from: 'a', to: 'd' }],
      },
      tiers_changed: [{ name: 'c', from: 'db', to: 'cache' }],
    })
  })

  it('is empty between equal graphs', () => {
    const a = graphData(['a>b'])
    expect(diffGraphs(a, a)).toEqual({ nodes: { added: [], removed: [] }, edges: { added: [], removed: [] }, tiers_changed: [] })
  })
})

describe('removedShare', () => {
  it('is the share of the live edges the next graph lacks', () => {
    expect(removedShare(graphData(['a>b', 'b>c', 'c>d', 'd>e']), graphData(['a>b', 'x>y']))).toBe(0.75)
    expect(removedShare(graphData([], {}, ['a']), graphData(['a>b']))).toBe(0)
  })
})
