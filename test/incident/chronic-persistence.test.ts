import { describe, expect, it } from 'bun:test'
import { sourcesText } from '../../src/domain/batch-sources.ts'
import { CHRONIC_STATE_NAME, chronicPersistence, type StateStore } from '../../src/incident/chronic-persistence.ts'
import { ChronicService } from '../../src/incident/chronic-service.ts'
import { silentLogger } from '../../src/logger.ts'

const HOUR_MS = 3_600_000
const feed = (c: ChronicService, batches: number) => {
  for (let h = 0; h < batches; h++) c.observe(sourcesText({ onsetMs: h * HOUR_MS, fingerprints: ['aaaa', `b${h}`] }))
}

/** A store kept in a Map; `down` makes every call fail, as an unreachable database does. */
function memoryStore() {
  const docs = new Map<string, string>()
  const s = { down: false, docs } as StateStore & { down: boolean; docs: Map<string, string> }
  s.loadState = async (name) => {
    if (s.down) throw new Error('connection refused')
    return docs.get(name) ?? null
  }
  s.saveState = async (name, doc) => {
    if (s.down) throw new Error('connection refused')
    docs.set(name, doc)
  }
  return s
}

describe('chronic baseline persistence', () => {
  it('a saved baseline comes back with the same table', async () => {
    const store = memoryStore()
    const a = new ChronicService({ refreshMs: 0 })
    feed(a, 20)
    await chronicPersistence(a, store, silentLogger).save()
    const b = new ChronicService({ refreshMs: 0 })
    expect(await chronicPersistence(b, store, silentLogger).load()).toBe(true)
    expect(b.current()).toEqual(a.current())
    expect(Object.keys(b.current())).toEqual(['aaaa'])
  })

  it('a store down at start is read again before the first save, never overwritten by a fresh baseline', async () => {
    const store = memoryStore()
    const saved = new ChronicService({ refreshMs: 0 })
    feed(saved, 20)
    await chronicPersistence(saved, store, silentLogger).save()
    const before = store.docs.get(CHRONIC_STATE_NAME)

    store.down = true
    const restarted = new ChronicService({ refreshMs: 0 })
    const p = chronicPersistence(restarted, store, silentLogger)
    expect(await p.load()).toBe(false)
    await p.save()
    expect(store.docs.get(CHRONIC_STATE_NAME)).toBe(before!)

    store.down = false
    await p.save()
    expect(restarted.current()).toEqual(saved.current())
  })

  it('a document it cannot understand starts the baseline fresh', async () => {
    const store = memoryStore()
    store.docs.set(CHRONIC_STATE_NAME, '{"version":7}')
    const c = new ChronicService({ refreshMs: 0 })
    expect(await chronicPersistence(c, store, silentLogger).load()).toBe(false)
    expect(c.size).toBe(0)
  })

  it('ignores answers without sources and malformed sources text', () => {
    const c = new ChronicService({ refreshMs: 0 })
    c.observe(undefined)
    c.observe('not json')
    c.observe('[1]')
    expect(c.size).toBe(0)
  })
})
