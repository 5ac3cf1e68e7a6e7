import { afterAll, describe, expect, it } from 'bun:test'
import { createWorkerPool, type FailureReason, type PoolOptions, type WorkerPool } from '../../src/workers/pool.ts'
import { createLogger } from '../../src/logger.ts'

const fixture = (name: string) => new URL(`../support/fixtures/${name}.worker.ts`, import.meta.url)

const pools: WorkerPool[] = []
afterAll(async () => {
  await Promise.all(pools.map((p) => p.terminate()))
})

function pool(overrides: Partial<PoolOptions> = {}) {
  const seen = { inline: 0, worker: 0, failures: [] as FailureReason[], logs: [] as string[] }
  const p = createWorkerPool({
    size: 1,
    url: fixture('echo'),
    taskTimeoutMs: 5000,
    logger: createLogger('debug', (line) => void seen.logs.push(line)),
    onTask: (where) => seen[where]++,
    onFailure: (reason) => seen.failures.push(reason),
    ...overrides,
  })
  pools.push(p)
  return { p, seen }
}

/** A job whose inline version says it ran inline. */
const job = (task: string) => ({ decode: (text: string) => text, inline: () => `inline|${task}` })
const run = (p: WorkerPool, task: string) => p.run(task, job(task))

describe('worker pool', () => {
  it('runs a task on a worker and reads its answer', async () => {
    const { p, seen } = pool()
    expect(await run(p, 'hello')).toMatch(/^\d+\|\|hello$/)
    expect(seen).toMatchObject({ worker: 1, inline: 0, failures: [] })
  })

  it('gives every worker the shared state before its next task', async () => {
    const { p } = pool({ size: 2 })
    p.share('v1')
    const answers = await Promise.all([run(p, 'spin:30'), run(p, 'spin:30')])
    expect(answers.map((a) => a.split('|')[1])).toEqual(['v1', 'v1'])
  })

  it('sends a task to the least busy worker', async () => {
    const { p } = pool({ size: 2 })
    const answers = await Promise.all([run(p, 'spin:50'), run(p, 'spin:50')])
    const threads = new Set(answers.map((a) => a.split('|')[0]))
    expect(threads.size).toBe(2)
  })

  it('answers inline when every worker holds its maximum of unfinished tasks', async () => {
    const { p, seen } = pool({ maxUnfinished: 1 })
    const [first, second] = await Promise.all([run(p, 'spin:50'), run(p, 'second')])
    expect(first).toMatch(/spin:50$/)
    expect(second).toBe('inline|second')
    expect(seen.failures).toEqual([])
  })

  it('answers a declined task inline without counting a failure', async () => {
    const { p, seen } = pool()
    expect(await run(p, 'decline')).toBe('inline|decline')
    expect(seen).toMatchObject({ inline: 1, failures: [] })
  })

  it('answers inline, logs and counts a task the worker threw on', async () => {
    const { p, seen } = pool()
    expect(await run(p, 'throw')).toBe('inline|throw')
    expect(seen.failures).toEqual(['error'])
    expect(seen.logs.some((l) => l.includes('a bug in the task'))).toBe(true)
  })

  it("passes on the inline version's own error", async () => {
    const { p } = pool()
    const failing = { decode: (t: string) => t, inline: () => Promise.reject(new Error('bad input')) }
    await expect(p.run('decline', failing)).rejects.toThrow('bad input')
  })

  it('replaces a crashed worker and re-runs its task inline', async () => {
    const { p, seen } = pool({ url: fixture('crash') })
    expect(await run(p, 'a')).toBe('inline|a')
    expect(seen.failures).toEqual(['crash'])
    expect(p.size()).toBe(1)
  })

  it('replaces a worker that exits, re-running its task inline', async () => {
    const { p, seen } = pool({ url: fixture('exit') })
    expect(await run(p, 'a')).toBe('inline|a')
    expect(seen.failures).toEqual(['exit'])
  })

  it('replaces a stuck worker after the timeout, re-running its task inline', async () => {
    const { p, seen } = pool({ url: fixture('hang'), taskTimeoutMs: 100 })
    expect(await run(p, 'a')).toBe('inline|a')
    expect(seen.failures).toEqual(['timeout'])
    expect(seen.logs.some((l) => l.includes('worker replaced'))).toBe(true)
  })

  it('gives up on a worker that keeps failing: its work stays inline', async () => {
    const { p, seen } = pool({ url: fixture('crash') })
    for (const t of ['a', 'b', 'c']) expect(await run(p, t)).toBe(`inline|${t}`)
    expect(p.size()).toBe(0)
    expect(await run(p, 'd')).toBe('inline|d')
    expect(seen.failures).toEqual(['crash', 'crash', 'crash'])
  })

  it('terminates: tasks in flight and later tasks run inline', async () => {
    const { p, seen } = pool({ url: fixture('hang') })
    const inFlight = run(p, 'a')
    await p.terminate()
    expect(await inFlight).toBe('inline|a')
    expect(await run(p, 'b')).toBe('inline|b')
    expect(p.size()).toBe(0)
    expect(seen.failures).toEqual([])
  })
})
