import { describe, expect, it } from 'bun:test'
import { servicesBelow } from '../../src/domain/reach.ts'
import { withinHops } from '../../src/domain/service-graph.ts'
import { graphOf } from '../support/helpers.ts'

// a → b → c → d, a → x → d, e isolated; d → b closes a cycle
const graph = graphOf(['a>b', 'b>c', 'c>d', 'a>x', 'x>d', 'd>b'], {}, ['e'])

describe('servicesBelow', () => {
  it('gives every service within maxHop call edges below, with its distance, the service itself at 0', () => {
    expect([...servicesBelow(graph, 'a', 2)]).toEqual([
      ['a', 0],
      ['b', 1],
      ['x', 1],
      ['c', 2],
      ['d', 2],
    ])
    expect([...servicesBelow(graph, 'e', 6)]).toEqual([['e', 0]])
  })

  it('answers as the bounded walk does, for every service and depth', () => {
    for (const s of graph.tiers.keys()) {
      for (const hop of [0, 1, 2, 6]) expect([...servicesBelow(graph, s, hop)]).toEqual([...withinHops(graph, s, hop, 'callees')])
    }
  })

  it('remembers a graph service per graph and depth, and never a name outside the graph', () => {
    expect(servicesBelow(graph, 'b', 3)).toBe(servicesBelow(graph, 'b', 3))
    expect(servicesBelow(graph, 'b', 3)).not.toBe(servicesBelow(graph, 'b', 4))
    expect(servicesBelow(graphOf(['a>b', 'b>c', 'c>d', 'a>x', 'x>d', 'd>b'], {}, ['e']), 'b', 3)).not.toBe(servicesBelow(graph, 'b', 3))
    expect([...servicesBelow(graph, 'ghost', 3)]).toEqual([['ghost', 0]])
    expect(servicesBelow(graph, 'ghost', 3)).not.toBe(servicesBelow(graph, 'ghost', 3))
  })
})
