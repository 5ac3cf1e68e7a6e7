/**
 * Cache of validated LLM answers, keyed by SHA-256 of model + prompt (the
 * prompt is deterministic, so the same evidence asks the same question).
 * Memory by default: `lru-cache` (isaacs), the LRU most of npm depends on,
 * with max size and per-entry TTL built in and a bounded O(1) footprint, so
 * we do not hand-roll eviction. With AIOPS_REDIS_URL the memory LRU stays in
 * front as the first level and Redis (Bun's built-in client) is the second,
 * shared by all replicas. Redis is best effort: no offline queue, a short
 * per-command timeout, background reconnects; while it is down the service
 * runs on the memory level alone and never waits for Redis.
 */
import { RedisClient } from 'bun'
import { LRUCache } from 'lru-cache'
import type { Logger } from '../logger.ts'
import { LlmAnswer } from './answer.ts'
import { Value } from '@sinclair/typebox/value'

export interface AnswerCache {
  get(key: string): Promise<LlmAnswer | undefined>
  set(key: string, value: LlmAnswer): Promise<void>
  /** What /readyz shows: backend and, for Redis, whether it is reachable now. */
  status(): { backend: 'memory' | 'redis'; size: number; redis?: 'up' | 'down' }
  /** Resolves once the first connection attempt is over (true: shared level is up). */
  ready(): Promise<boolean>
  close(): void
}

/** Hex SHA-256 of model + prompt text. */
export function cacheKey(model: string, system: string, user: string): string {
  return new Bun.CryptoHasher('sha256').update(model).update('\u0000').update(system).update('\u0000').update(user).digest('hex')
}

export function createMemoryCache(max: number, ttlSec: number): AnswerCache {
  const lru = new LRUCache<string, LlmAnswer>({ max, ttl: ttlSec * 1000, ttlAutopurge: false })
  return {
    async get(key) {
      return lru.get(key)
    },
    async set(key, value) {
      lru.set(key, value)
    },
    status: () => ({ backend: 'memory', size: lru.size }),
    ready: async () => true,
    close() {
      lru.clear()
    },
  }
}

export interface RedisCacheOptions {
  url: string
  ttlSec: number
  /** A Redis command slower than this counts as Redis being down for this call. */
  opTimeoutMs?: number
  /** How often to try to reconnect while Redis is down. */
  reconnectEveryMs?: number
  prefix?: string
  logger: Logger
}

const REDIS_DEFAULTS = { opTimeoutMs: 250, reconnectEveryMs: 2000, prefix: 'aiops:llm:' }

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: Timer | undefined
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis command took over ${ms} ms`)), ms)
  })
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

/**
 * Two levels: `memory` first, then Redis shared by the replicas.
 * @example const cache = createRedisCache(createMemoryCache(1000, 3600), { url, ttlSec: 3600, logger })
 */
export function createRedisCache(memory: AnswerCache, options: RedisCacheOptions): AnswerCache {
  const o = { ...REDIS_DEFAULTS, ...options }
  // No offline queue: a command while disconnected fails at once instead of waiting.
  // Few automatic retries: while Redis is down we retry ourselves every reconnectEveryMs.
  const client = new RedisClient(o.url, { connectionTimeout: 1000, enableOfflineQueue: false, autoReconnect: true, maxRetries: 3 })
  let lastAttempt = 0
  let wasUp = false
  let closed = false
  client.onconnect = () => {
    wasUp = true
    o.logger.info('llm cache: redis connected')
  }
  client.onclose = (e) => {
    if (wasUp && !closed) o.logger.warn('llm cache: redis connection lost, using memory only', { error: e?.message })
    wasUp = false
  }
  const up = () => {
    if (client.connected) return true
    const now = Date.now()
    if (!closed && now - lastAttempt >= o.reconnectEveryMs) {
      lastAttempt = now
      client.connect().catch(() => {}) // reconnect in the background; this call uses memory
    }
    return false
  }
  lastAttempt = Date.now()
  const first = withTimeout(client.connect(), 1500).then(
    () => true,
    () => false,
  )

  return {
    async get(key) {
      const hit = await memory.get(key)
      if (hit || !up()) return hit
      try {
        const text = await withTimeout(client.get(o.prefix + key), o.opTimeoutMs)
        if (text === null) return undefined
        const value: unknown = JSON.parse(text)
        if (!Value.Check(LlmAnswer, value)) return undefined
        await memory.set(key, value)
        return value
      } catch {
        return undefined
      }
    },
    async set(key, value) {
      await memory.set(key, value)
      if (!up()) return
      try {
        await withTimeout(client.set(o.prefix + key, JSON.stringify(value), 'EX', o.ttlSec), o.opTimeoutMs)
      } catch {
        // Best effort: the answer is in memory; the next replica will ask the LLM once.
      }
    },
    status: () => ({ backend: 'redis', size: memory.status().size, redis: client.connected ? 'up' : 'down' }),
    ready: () => first,
    close() {
      closed = true
      client.close()
      memory.close()
    },
  }
}
