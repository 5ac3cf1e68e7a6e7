/**
 * Wires the LLM layer from the config: with the kill switch off or no API
 * key there is no enricher at all (no client, no cache, no call, and the
 * graph-only `method` from settings.ts); otherwise a lazy client, the
 * memory cache (plus Redis when AIOPS_REDIS_URL is set) and the enricher.
 * Called once from main.ts; tests call it with their own config.
 */
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { graphMethod, llmSetup } from '../settings.ts'
import { createBreaker, type Breaker } from './breaker.ts'
import { createMemoryCache, createRedisCache, type AnswerCache } from './cache.ts'
import { clientOptions, createLlmClient, type LlmClient } from './client.ts'
import { createEnricher, type Enricher } from './enrich.ts'

export interface LlmLayer {
  enricher: Enricher
  cache: AnswerCache
  breaker: Breaker
  close(): void
}

/**
 * The LLM layer for `config`, or undefined when the LLM is off or has no key.
 * @example const llm = createLlmLayer(config, metrics, logger); createApp({ ...deps, enricher: llm?.enricher })
 */
export function createLlmLayer(config: Config, metrics: Metrics, logger: Logger, client?: LlmClient): LlmLayer | undefined {
  if (!llmSetup(config).enabled) return undefined
  const memory = createMemoryCache(config.AIOPS_LLM_CACHE_MAX, config.AIOPS_LLM_CACHE_TTL_SEC)
  const cache = config.AIOPS_REDIS_URL ? createRedisCache(memory, { url: config.AIOPS_REDIS_URL, ttlSec: config.AIOPS_LLM_CACHE_TTL_SEC, logger }) : memory
  const breaker = createBreaker(config.AIOPS_LLM_BREAKER_FAILURES, config.AIOPS_LLM_BREAKER_COOLDOWN_SEC * 1000)
  const enricher = createEnricher({
    client: client ?? createLlmClient(clientOptions(config)),
    cache,
    breaker,
    metrics,
    logger,
    options: {
      deadlineMs: config.AIOPS_LLM_DEADLINE_MS,
      concurrency: config.AIOPS_LLM_CONCURRENCY,
      maxClusters: config.AIOPS_LLM_MAX_CLUSTERS,
      skipConfidence: config.AIOPS_LLM_SKIP_CONFIDENCE,
      graphMethod: graphMethod(config),
    },
  })
  return { enricher, cache, breaker, close: () => cache.close() }
}
