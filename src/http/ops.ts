/**
 * Operational endpoints. /healthz is liveness only and checks nothing (a
 * restart cannot fix a missing graph, so liveness must not depend on it);
 * /readyz says whether this replica can answer incidents (graph and history
 * loaded) and reports, without failing on, the LLM set-up; /version says which
 * build, graph and pipeline settings are live; /metrics is Prometheus text.
 */
import { Elysia } from 'elysia'
import type { BuildInfo } from '../build-info.ts'
import type { Config } from '../config.ts'
import { graphSourceKind, type GraphStore, type Snapshot } from '../graph/store.ts'
import type { Lifecycle } from '../lifecycle.ts'
import { settingsJson, type LiveSettings } from '../live-settings.ts'
import type { LlmLayer } from '../llm/setup.ts'
import type { Metrics } from '../metrics.ts'
import type { IncidentService } from '../store/incident-service.ts'
import { llmSetup, triageOptions } from '../settings.ts'
import { errorResponses, jsonResponse, textResponse } from './openapi.ts'

export interface OpsDeps {
  config: Config
  store: GraphStore
  metrics: Metrics
  build: BuildInfo
  llm?: LlmLayer
  lifecycle?: Lifecycle
  /** The pipeline settings now; absent = the configuration's. */
  settings?: LiveSettings
  incidents?: IncidentService
}

/**
 * How old the live graph is, and whether that exceeds AIOPS_GRAPH_MAX_AGE_SEC.
 * Reported, never failed on: a stale graph still beats no answer, and failing
 * readiness would take every replica out at once.
 */
export function graphAge(snap: Snapshot | undefined, maxAgeSec: number | undefined, nowMs: number = Date.now()) {
  if (!snap) return null
  const ageSec = Math.max(0, Math.round((nowMs - Date.parse(snap.loadedAt)) / 1000))
  const stale = maxAgeSec !== undefined && ageSec > maxAgeSec
  return {
    version: snap.graph.data.version,
    source: graphSourceKind(snap.graphOrigin),
    node_count: snap.graph.data.nodes.length,
    edge_count: snap.graph.data.edges.length,
    loaded_at: snap.loadedAt,
    age_sec: ageSec,
    max_age_sec: maxAgeSec ?? null,
    stale,
    ...(stale ? { warning: `graph ${snap.graph.data.version} is ${ageSec} s old, older than AIOPS_GRAPH_MAX_AGE_SEC=${maxAgeSec}` } : {}),
  }
}

export function opsRoutes(deps: OpsDeps) {
  const { config, store, metrics, build } = deps
  return new Elysia({ name: 'http/ops' })
    .get('/healthz', () => ({ status: 'ok' }), {
      detail: { summary: 'Liveness: the process answers', tags: ['ops'], responses: { 200: jsonResponse('Always, while the process answers', 'Health') } },
    })
    .get(
      '/readyz',
      async ({ set }) => {
        const snap = store.current
        const checks: Record<string, string> = {
          graph: snap && snap.graph.data.nodes.length > 0 ? 'ok' : 'not loaded',
          history: snap ? 'ok' : 'not loaded',
        }
        // Shutting down: tell the load balancer to stop sending traffic while in-flight work finishes.
        if (deps.lifecycle?.draining) checks.shutdown = 'draining'
        const failed = Object.entries(checks)
          .filter(([, v]) => v !== 'ok')
          .map(([k]) => k)
        set.status = failed.length === 0 ? 200 : 503
        // The LLM is reported, never a check: a replica without it still answers from the graph.
        const llm = { ...llmSetup(config), circuit: deps.llm?.breaker.state() ?? null, cache: deps.llm?.cache.status() ?? null }
        // The incident store is reported, never a check: answers never depend on it.
        const incidents = deps.incidents ? await deps.incidents.status() : { kind: 'off' }
        return {
          status: failed.length === 0 ? 'ready' : 'not ready',
          checks,
          failed,
          llm,
          graph: graphAge(snap, config.AIOPS_GRAPH_MAX_AGE_SEC),
          store: incidents,
        }
      },
      {
        detail: {
          summary: 'Readiness: graph and history loaded (LLM and incident store reported, not required)',
          tags: ['ops'],
          responses: {
            200: jsonResponse('Ready', 'Readiness'),
            503: jsonResponse('Not ready: the failed checks are listed', 'Readiness'),
            ...errorResponses([500]),
          },
        },
      },
    )
    .get(
      '/version',
      () => {
        const snap = store.current
        return {
          version: build.version,
          commit: build.commit,
          graph_version: snap?.graph.data.version ?? null,
          graph_loaded_at: snap?.loadedAt ?? null,
          graph_age_sec: graphAge(snap, undefined)?.age_sec ?? null,
          // The kind (file, embedded, upload, prometheus:<preset>, jaeger); graph_origin names the file.
          graph_source: snap ? graphSourceKind(snap.graphOrigin) : null,
          graph_origin: snap?.graphOrigin ?? null,
          graph_hash: snap?.graph.data.hash ?? null,
          graph_node_count: snap?.graph.data.nodes.length ?? 0,
          graph_edge_count: snap?.graph.data.edges.length ?? 0,
          history_source: snap?.historyOrigin ?? null,
          history_incident_count: snap?.history.length ?? 0,
          pipeline_config: {
            // What requests run with now: a promoted shadow candidate changes these.
            ...settingsJson(deps.settings?.current ?? triageOptions(config)),
            llm_model: config.AIOPS_LLM_MODEL,
            use_llm: config.AIOPS_USE_LLM,
          },
        }
      },
      {
        detail: {
          summary: 'Build, live graph and pipeline settings',
          tags: ['ops'],
          responses: { 200: jsonResponse('Build, graph and settings', 'Version'), ...errorResponses([500]) },
        },
      },
    )
    .get(
      '/metrics',
      async ({ set }) => {
        set.headers['content-type'] = metrics.registry.contentType
        return await metrics.registry.metrics()
      },
      { detail: { summary: 'Prometheus metrics', tags: ['ops'], responses: { 200: textResponse('Prometheus text exposition format 0.0.4') } } },
    )
}
