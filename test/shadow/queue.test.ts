import { describe, expect, it } from 'bun:test'
import { ShadowQueue } from '../../src/shadow/queue.ts'

/** A queue whose scheduled runs wait until the test releases them. */
function manual(capacity: number, sample = 1, random = () => 0) {
  const pending: Array<() => void> = []
  const errors: unknown[] = []
  const queue = new ShadowQueue({ capacity, sample, random, schedule: (run) => void pending.push(run), onError: (e) => void errors.push(e) })
  const step = async () => {
    pending.shift()?.()
    await Bun.sleep(0)
  }
  return { queue, pending, errors, step }
}

describe('ShadowQueue', () => {
  it('runs nothing inside offer: a job starts in a later macrotask', async () => {
    const ran: number[] = []
    const queue = new ShadowQueue({ capacity: 4, sample: 1 })
    expect(queue.offer(() => void ran.push(1))).toBe('queued')
    expect(ran).toEqual([])
    await queue.idle()
    expect(ran).toEqual([1])
  })

  it('refuses offers once capacity jobs are waiting or running', () => {
    const { queue } = manual(2)
    expect(queue.offer(() => {})).toBe('queued')
    expect(queue.offer(() => {})).toBe('queued')
    expect(queue.offer(() => {})).toBe('full')
    expect(queue.size).toBe(2)
  })

  it('runs jobs one at a time, in order, each in its own turn', async () => {
    const { queue, pending, step } = manual(8)
    const ran: string[] = []
    queue.offer(() => void ran.push('a'))
    queue.offer(() => void ran.push('b'))
    expect(pending).toHaveLength(1) // the second waits for the first
    await step()
    expect(ran).toEqual(['a'])
    await step()
    expect(ran).toEqual(['a', 'b'])
    expect(queue.size).toBe(0)
  })

  it('carries on after a job throws or rejects, and reports the error', async () => {
    const ran: string[] = []
    const errors: unknown[] = []
    const queue = new ShadowQueue({ capacity: 8, sample: 1, onError: (e) => void errors.push(e) })
    queue.offer(() => {
      throw new Error('sync')
    })
    queue.offer(async () => {
      throw new Error('async')
    })
    queue.offer(() => void ran.push('after'))
    await queue.idle()
    expect(ran).toEqual(['after'])
    expect(errors.map((e) => (e as Error).message)).toEqual(['sync', 'async'])
  })

  it('takes the sampled share of offers only', () => {
    let r = 0
    const draws = [0.1, 0.6, 0.29, 0.3]
    const queue = new ShadowQueue({ capacity: 8, sample: 0.3, random: () => draws[r++]!, schedule: () => {} })
    expect(draws.map(() => queue.offer(() => {}))).toEqual(['queued', 'unsampled', 'queued', 'unsampled'])
  })

  it('clear drops the waiting jobs, not the running one', async () => {
    const { queue, step } = manual(8)
    const ran: string[] = []
    queue.offer(() => void ran.push('a'))
    queue.offer(() => void ran.push('b'))
    queue.clear()
    await step()
    expect(ran).toEqual(['a'])
    await queue.idle()
    expect(queue.size).toBe(0)
  })

  it('holds the next job while busy says live traffic is flowing, and runs it once quiet', async () => {
    let busy = true
    const ran: string[] = []
    const queue = new ShadowQueue({ capacity: 1, sample: 1, busy: () => busy, retryMs: 1 })
    queue.offer(() => void ran.push('a'))
    await Bun.sleep(10)
    expect(ran).toEqual([]) // still waiting: the slot stays taken
    expect(queue.offer(() => {})).toBe('full')
    busy = false
    await queue.idle()
    expect(ran).toEqual(['a'])
  })

  it('refuses a batch that would take the held alerts past maxWeight, yet takes a heavy one alone', async () => {
    const heavy = new ShadowQueue({ capacity: 8, sample: 1, maxWeight: 100, schedule: () => {} })
    expect(heavy.offer(() => {}, 60)).toBe('queued')
    expect(heavy.offer(() => {}, 50)).toBe('full')
    expect(heavy.offer(() => {}, 40)).toBe('queued')
    const alone = new ShadowQueue({ capacity: 8, sample: 1, maxWeight: 100, schedule: () => {} })
    expect(alone.offer(() => {}, 500)).toBe('queued')
    // A job that ran gives its weight back.
    const freed = new ShadowQueue({ capacity: 8, sample: 1, maxWeight: 100 })
    freed.offer(() => {}, 60)
    await freed.idle()
    expect(freed.offer(() => {}, 60)).toBe('queued')
  })
})
