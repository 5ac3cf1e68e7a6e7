import { describe, expect, it } from 'bun:test'
import fc from 'fast-check'
import { propagationPaths } from '../../src/domain/propagation-paths.ts'
import { callersOf, createServiceGraph, type ServiceGraph } from '../../src/domain/service-graph.ts'

/** The plain version: climb every caller level up to maxDepth, then read the paths off the parents. */
function fullWalk(graph: ServiceGraph, root: string, alerting: ReadonlySet<string>, maxDepth: number): string[][] {
  const parent = new Map<string, string | null>([[root, null]])
  let frontier = [root]
  for (let d = 0; d < maxDepth && frontier.length > 0; d++) {
    const next: string[] = []
    for (const s of frontier) {
      for (const p of callersOf(graph, s)) {
        if (!parent.has(p)) {
          parent.set(p, s)
          next.push(p)
        }
      }
    }
    frontier = next
  }
  const reached = new Set([...alerting].filter((s) => s !== root && parent.has(s)))
  const tops = [...reached].filter((s) => !callersOf(graph, s).some((p) => reached.has(p)))
  const paths = tops.map((top) => {
    const path: string[] = []
    for (let s: string | null | undefined = top; s; s = parent.get(s)) path.push(s)
    return path.reverse()
  })
  return paths.sort((a, b) => b.length - a.length || a.join().localeCompare(b.join())).slice(0, 5)
}

const names = Array.from({ length: 12 }, (_, i) => `s${i}`)

describe('propagationPaths', () => {
  it('reads the paths of a cascade root → … → top caller', () => {
    const graph = createServiceGraph({
      version: 'v',
      source: 't',
      hash: 'h',
      nodes: names.slice(0, 4).map((name) => ({ name })),
      edges: [
        { from: 's0', to: 's1' },
        { from: 's1', to: 's2' },
        { from: 's3', to: 's2' },
      ],
    } as never)
    expect(propagationPaths(graph, 's2', new Set(['s0', 's1', 's2', 's3']), 8)).toEqual([
      ['s2', 's1', 's0'],
      ['s2', 's3'],
    ])
  })

  it('stops climbing once every reachable alerting service is found, with the same paths as a full climb', () => {
    const edge = fc.tuple(fc.constantFrom(...names), fc.constantFrom(...names)).filter(([a, b]) => a !== b)
    fc.assert(
      fc.property(
        fc.uniqueArray(edge, { maxLength: 30, selector: ([a, b]) => `${a}>${b}` }),
        fc.constantFrom(...names),
        fc.subarray(names),
        fc.integer({ min: 1, max: 8 }),
        (edges, root, alerting, depth) => {
          const graph = createServiceGraph({
            version: 'v',
            source: 't',
            hash: 'h',
            nodes: names.map((name) => ({ name })),
            edges: edges.map(([from, to]) => ({ from, to })),
          } as never)
          const set = new Set(alerting)
          expect(propagationPaths(graph, root, set, depth)).toEqual(fullWalk(graph, root, set, depth))
        },
      ),
      { numRuns: 500 },
    )
  })
})
