import { describe, expect, it } from 'bun:test'
import { GraphStore, type Snapshot } from '../../src/graph/store.ts'
import { graphData, testSnapshot } from '../support/helpers.ts'

const snap = (version: string): Snapshot => testSnapshot({ ...graphData(['a>b']), version })

describe('GraphStore', () => {
  it('makes a swapped-in snapshot current and keeps the old one as previous', () => {
    const [v1, v2] = [snap('v1'), snap('v2')]
    const store = new GraphStore(v1)
    store.swap(v2)
    expect(store.current).toBe(v2)
    expect(store.previous).toBe(v1)
    expect(store.generation).toBe(1)
  })

  it('rolls back to the previous snapshot, and a second rollback undoes the first', () => {
    const [v1, v2] = [snap('v1'), snap('v2')]
    const store = new GraphStore(v1)
    store.swap(v2)
    expect(store.rollback()).toBe(true)
    expect([store.current, store.previous]).toEqual([v1, v2])
    expect(store.rollback()).toBe(true)
    expect(store.current).toBe(v2)
  })

  it('refuses a rollback when there is no previous snapshot', () => {
    const store = new GraphStore(snap('v1'))
    expect(store.rollback()).toBe(false)
    expect(store.generation).toBe(0)
  })

  it('tells subscribers the live snapshot at once and on every change, until they unsubscribe', () => {
    const store = new GraphStore(snap('v1'))
    const seen: string[] = []
    const off = store.subscribe((s, why) => seen.push(`${s.graph.data.version}:${why}`))
    store.swap(snap('v2'))
    store.rollback()
    off()
    store.swap(snap('v3'))
    expect(seen).toEqual(['v1:swap', 'v2:swap', 'v1:rollback'])
  })

  it('swaps even when a subscriber throws', () => {
    const store = new GraphStore(snap('v1'))
    store.subscribe((s) => {
      if (s.graph.data.version === 'v2') throw new Error('boom')
    })
    store.swap(snap('v2'))
    expect(store.current?.graph.data.version).toBe('v2')
  })

  it('hands out frozen snapshots', () => {
    const s = snap('v1')
    expect(Object.isFrozen(s)).toBe(true)
    expect(Object.isFrozen(s.history)).toBe(true)
  })
})

describe('GraphStore kept versions', () => {
  it('keeps the last `keep` versions, newest first, each once', () => {
    const store = new GraphStore(snap('v1'), { keep: 3 })
    for (const v of ['v2', 'v3', 'v4']) store.swap(snap(v))
    expect(store.versions.map((s) => s.graph.data.version)).toEqual(['v4', 'v3', 'v2'])
    store.swap(snap('v3')) // the same version again moves to the front, not twice
    expect(store.versions.map((s) => s.graph.data.version)).toEqual(['v3', 'v4', 'v2'])
    expect(store.version('v1')).toBeUndefined()
  })

  it('rolls back to any kept version; the one it replaces becomes previous', () => {
    const [v1, v2, v3] = [snap('v1'), snap('v2'), snap('v3')]
    const store = new GraphStore(v1)
    store.swap(v2)
    store.swap(v3)
    expect(store.rollbackTo('v1')).toBe('rolled_back')
    expect([store.current, store.previous]).toEqual([v1, v3])
    expect(store.rollbackTo('v1')).toBe('live')
    expect(store.rollbackTo('nope')).toBe('missing')
    expect(store.generation).toBe(3)
  })
})
