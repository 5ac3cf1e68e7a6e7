/**
 * The discovery set-up a configuration asks for: none for AIOPS_GRAPH_SOURCE
 * =file, otherwise the source (Prometheus with its preset or custom query, or
 * Jaeger), the refresher with its guards, and the candidate slot that keeps
 * what the guards hold back.
 */
import type { Config } from '../../config.ts'
import type { Logger } from '../../logger.ts'
import type { Metrics } from '../../metrics.ts'
import type { GraphStore } from '../store.ts'
import { createCandidateSlot, type CandidateSlot, type OnCandidate } from './candidate.ts'
import { presetQuery } from './prometheus-query.ts'
import { GraphRefresher } from './refresher.ts'
import { jaegerSource, prometheusSource, type DiscoverySource } from './sources.ts'

export interface Discovery {
  refresher: GraphRefresher
  candidates: CandidateSlot
}

export function discoverySource(config: Config): DiscoverySource | undefined {
  const timeoutMs = config.AIOPS_GRAPH_FETCH_TIMEOUT_MS
  if (config.AIOPS_GRAPH_SOURCE === 'prometheus') {
    const query = presetQuery({
      preset: config.AIOPS_GRAPH_PROMQL_PRESET,
      lookbackSec: config.AIOPS_GRAPH_LOOKBACK_SEC,
      custom: config.AIOPS_GRAPH_PROMQL,
      labels: config.AIOPS_GRAPH_PROMQL_LABELS,
    })
    return prometheusSource({ url: config.AIOPS_PROMETHEUS_URL!, query, timeoutMs })
  }
  if (config.AIOPS_GRAPH_SOURCE === 'jaeger') return jaegerSource({ url: config.AIOPS_JAEGER_URL!, lookbackSec: config.AIOPS_GRAPH_LOOKBACK_SEC, timeoutMs })
  return undefined
}

/** Discovery for `config`, or undefined when the graph comes from a file. */
export function createDiscovery(o: {
  config: Config
  store: GraphStore
  metrics: Metrics
  logger: Logger
  onCandidate?: OnCandidate
  now?: () => Date
}): Discovery | undefined {
  const source = discoverySource(o.config)
  if (!source) return undefined
  const candidates = createCandidateSlot(o.now)
  const refresher = new GraphRefresher({
    store: o.store,
    metrics: o.metrics,
    logger: o.logger,
    source,
    overlayPath: o.config.AIOPS_GRAPH_OVERLAY_PATH,
    retentionSec: o.config.AIOPS_GRAPH_EDGE_RETENTION_SEC,
    maxShrink: o.config.AIOPS_GRAPH_MAX_SHRINK,
    mode: o.config.AIOPS_GRAPH_REFRESH_MODE,
    // The pending slot always (GET /admin/graph/versions shows it), and the shadow when one is given.
    onCandidate: (graph, reason) => {
      candidates.offer(graph, reason)
      o.onCandidate?.(graph, reason)
    },
    now: o.now,
  })
  return { refresher, candidates }
}
