/**
 * Worker pools for tests: one worker by default, counting where tasks ran and
 * why they fell back; every pool a test file makes is terminated after it.
 */
import { afterAll } from 'bun:test'
import { createWorkerPool, type FallbackReason, type PoolOptions, type WorkerPool } from '../../src/rca/pool.ts'

/** A misbehaving worker entry from test/support/fixtures (crash, exit, hang). */
export const fixture = (name: string) => new URL(`./fixtures/${name}.worker.ts`, import.meta.url)

/**
 * @example const pool = poolHarness({ inlineBelowSources: 0 }); const { p, seen } = pool({ size: 2 })
 */
export function poolHarness(defaults: Partial<PoolOptions>) {
  const pools: WorkerPool[] = []
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.terminate()))
  })
  return (overrides: Partial<PoolOptions> = {}) => {
    const seen = { inline: 0, worker: 0, fallbacks: [] as FallbackReason[] }
    const p = createWorkerPool({
      size: 1,
      taskTimeoutMs: 5000,
      onTask: (where) => seen[where]++,
      onFallback: (reason) => seen.fallbacks.push(reason),
      ...defaults,
      ...overrides,
    })
    pools.push(p)
    return { p, seen }
  }
}
