import { describe, expect, it } from 'bun:test'
import { servicesBelow } from '../../src/domain/reach.ts'
import { withinHops } from '../../src/domain/service-graph.ts'
import { graphOf } from '../support/helpers.ts'

// a → b → c → d, a → x → d, e isolated; d → b closes a cycle
const graph = graphOf(['a>b', 'b>c', 'c>d', 'a>x', 'x>d', 'd>b'], {}, ['e'])

describe('servicesBelow', () => {
  it('gives every service within maxHop call edges below, the service itself included', () => {
    const below = servicesBelow(graph, 'a', 2)
    expect([...below.services()].sort()).toEqual(['a', 'b', 'c', 'd', 'x'])
    expect(below.size).toBe(5)
    expect(['a', 'b', 'c', 'd', 'x', 'e', 'ghost'].map((s) => below.has(s))).toEqual([true, true, true, true, true, false, false])
    expect([...servicesBelow(graph, 'e', 6).services()]).toEqual(['e'])
    expect(servicesBelow(graph, 'c', 0).has('d')).toBe(false)
  })

  it('answers as the bounded walk does, for every service, depth and name', () => {
    for (const s of graph.tiers.keys()) {
      for (const hop of [0, 1, 2, 6]) {
        const walked = [...withinHops(graph, s, hop, 'callees').keys()].sort()
        const below = servicesBelow(graph, s, hop)
        expect([...below.services()].sort()).toEqual(walked)
        for (const t of [...graph.tiers.keys(), 'ghost']) expect(below.has(t)).toBe(walked.includes(t))
      }
    }
  })

  it('remembers a graph service per graph and depth, and never a name outside the graph', () => {
    expect(servicesBelow(graph, 'b', 3)).toBe(servicesBelow(graph, 'b', 3))
    expect(servicesBelow(graph, 'b', 3)).not.toBe(servicesBelow(graph, 'b', 4))
    expect(servicesBelow(graphOf(['a>b', 'b>c', 'c>d', 'a>x', 'x>d', 'd>b'], {}, ['e']), 'b', 3)).not.toBe(servicesBelow(graph, 'b', 3))
    expect([...servicesBelow(graph, 'ghost', 3).services()]).toEqual(['ghost'])
    expect(servicesBelow(graph, 'ghost', 3).has('a')).toBe(false)
    expect(servicesBelow(graph, 'ghost', 3)).not.toBe(servicesBelow(graph, 'ghost', 3))
  })
})
