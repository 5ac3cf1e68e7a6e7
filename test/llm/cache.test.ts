import { describe, expect, it } from 'bun:test'
import { cacheKey, createMemoryCache, createRedisCache } from '../../src/llm/cache.ts'
import { silentLogger } from '../../src/logger.ts'

const answer = (root: string) => ({ root_cause: root, confidence: 0.8, rationale: 'r', actions: [] })

describe('llm cache', () => {
  it('keys by SHA-256 of model and prompt: a different model or prompt is a different key', () => {
    const k = cacheKey('m', 'sys', 'user')
    expect(k).toMatch(/^[0-9a-f]{64}$/)
    expect(cacheKey('m', 'sys', 'user')).toBe(k)
    expect(cacheKey('m2', 'sys', 'user')).not.toBe(k)
    expect(cacheKey('m', 'sys', 'user2')).not.toBe(k)
  })

  it('evicts the least recently used entry beyond AIOPS_LLM_CACHE_MAX', async () => {
    const c = createMemoryCache(2, 3600)
    await c.set('a', answer('a'))
    await c.set('b', answer('b'))
    await c.get('a') // a is now more recent than b
    await c.set('c', answer('c'))
    expect(await c.get('b')).toBeUndefined()
    expect((await c.get('a'))?.root_cause).toBe('a')
    expect(c.status()).toEqual({ backend: 'memory', size: 2 })
  })

  it('forgets an entry after its TTL', async () => {
    const c = createMemoryCache(10, 1)
    await c.set('a', answer('a'))
    await Bun.sleep(1100)
    expect(await c.get('a')).toBeUndefined()
  })

  it('runs on the memory level alone, without waiting, while Redis is unreachable', async () => {
    // An operation timeout far past the test's own: had get or set waited on the down Redis,
    // the test would time out, so no timing threshold is needed.
    const c = createRedisCache(createMemoryCache(10, 3600), { url: 'redis://127.0.0.1:1', ttlSec: 60, logger: silentLogger, opTimeoutMs: 600_000 })
    expect(await c.ready()).toBe(false)
    await c.set('k', answer('x'))
    expect((await c.get('k'))?.root_cause).toBe('x')
    expect(await c.get('missing')).toBeUndefined()
    expect(c.status()).toMatchObject({ backend: 'redis', redis: 'down' })
    c.close()
  })
})
