/**
 * The write-behind queue: batches and coalesces by id, stays bounded when the
 * store is slow (drops and counts), keeps a failed batch and retries it with
 * a growing pause until the store is back, and logs failures at most once per
 * interval.
 */
import { describe, expect, it } from 'bun:test'
import { createWriteQueue } from '../../src/store/write-queue.ts'

type Item = { id: string; v: number }

function harness(over: Partial<Parameters<typeof createWriteQueue<Item>>[0]> = {}) {
  const written: Item[][] = []
  const outcomes: Record<string, number> = {}
  const logs: string[] = []
  const q = createWriteQueue<Item>({
    write: async (batch) => {
      written.push(batch)
    },
    maxPending: 100,
    batchSize: 10,
    flushMs: 5,
    maxRetryMs: 40,
    logIntervalMs: 60_000,
    onOutcome: (o, n) => (outcomes[o] = (outcomes[o] ?? 0) + n),
    logError: (msg) => logs.push(msg),
    ...over,
  })
  return { q, written, outcomes, logs }
}

describe('write queue', () => {
  it('coalesces repeated puts of one id into one write of the latest state', async () => {
    const { q, written } = harness()
    for (let v = 0; v < 10_000; v++) q.put({ id: 'inc-1', v })
    await q.flush()
    expect(written).toEqual([[{ id: 'inc-1', v: 9999 }]])
  })

  it('writes in batches of at most batchSize, in put order', async () => {
    const { q, written } = harness()
    for (let i = 0; i < 25; i++) q.put({ id: `i${i}`, v: i })
    await q.flush()
    expect(written.map((b) => b.length)).toEqual([10, 10, 5])
    expect(written.flat().map((x) => x.v)).toEqual([...Array(25).keys()])
  })

  it('writes on its own after flushMs', async () => {
    const { q, written } = harness()
    q.put({ id: 'a', v: 1 })
    await Bun.sleep(50)
    expect(written.flat()).toEqual([{ id: 'a', v: 1 }])
  })

  it('stays bounded while the store hangs: new incidents are dropped and counted', async () => {
    let release!: () => void
    const { q, outcomes } = harness({ maxPending: 5, write: () => new Promise<void>((r) => (release = r)) })
    for (let i = 0; i < 20; i++) q.put({ id: `i${i}`, v: i })
    expect(q.depth()).toBe(5)
    expect(outcomes.dropped).toBe(15)
    // An update of a queued id is never dropped.
    expect(q.put({ id: 'i0', v: 100 })).toBe(true)
    await Bun.sleep(20)
    release()
  })

  it('keeps a failed batch and writes it once the store is back; logs once per interval', async () => {
    let down = true
    let calls = 0
    const { q, written, outcomes, logs } = harness({
      write: async (batch) => {
        calls++
        if (down) throw new Error('store down')
        written.push(batch)
      },
    })
    q.put({ id: 'a', v: 1 })
    for (let i = 0; i < 3; i++) await q.flush()
    expect(outcomes.failed).toBe(3)
    expect(outcomes.dropped).toBeUndefined()
    expect(q.depth()).toBe(1)
    expect(logs.length).toBe(1)
    // Left alone, the writer keeps retrying on its own, with pauses that grow to maxRetryMs.
    await Bun.sleep(150)
    const tries = calls
    expect(tries).toBeGreaterThan(3)
    down = false
    await Bun.sleep(100)
    expect(written.flat()).toEqual([{ id: 'a', v: 1 }])
    expect(q.depth()).toBe(0)
    expect(q.failures().count).toBe(tries)
  })

  it('a failed batch that no longer fits a queue refilled meanwhile is dropped and counted', async () => {
    let release!: (e: Error) => void
    const { q, outcomes } = harness({ maxPending: 2, write: () => new Promise<void>((_, reject) => (release = reject)) })
    q.put({ id: 'a', v: 1 })
    q.put({ id: 'b', v: 1 })
    const flushing = q.flush()
    await Bun.sleep(5)
    q.put({ id: 'c', v: 1 })
    q.put({ id: 'd', v: 1 })
    release(new Error('store down'))
    await flushing
    expect(outcomes.dropped).toBe(2)
    expect(q.depth()).toBe(2)
  })
})
