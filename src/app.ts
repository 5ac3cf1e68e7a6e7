/**
 * createApp(deps): composes the HTTP plugins into one Elysia app. It never
 * listens (main.ts does), so tests build as many apps as they like and drive
 * them through app.handle(). Order matters: observe and errors are global
 * hooks and must come before the routes they cover.
 */
import { Elysia } from 'elysia'
import type { BuildInfo } from './build-info.ts'
import type { Config } from './config.ts'
import { trackGraphMetrics } from './graph/graph-metrics.ts'
import { GraphReloader } from './graph/reloader.ts'
import type { GraphStore } from './graph/store.ts'
import { alertmanagerRoutes } from './http/alertmanager.ts'
import { bearerAuth } from './http/bearer-auth.ts'
import { docsRoutes } from './http/docs.ts'
import { errorHandler } from './http/errors.ts'
import { graphAdminRoutes } from './http/graph-admin.ts'
import { incidentRoutes } from './http/incident.ts'
import { incidentStoreRoutes, noStoreRoutes } from './http/incidents.ts'
import { bodyLimit, serverBodyCeiling } from './http/limits.ts'
import { observe } from './http/observe.ts'
import { opsRoutes } from './http/ops.ts'
import type { LlmLayer } from './llm/setup.ts'
import type { Lifecycle } from './lifecycle.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'
import type { IncidentService } from './store/incident-service.ts'
import type { WorkerPool } from './workers/pool.ts'

export interface AppDeps {
  config: Config
  store: GraphStore
  metrics: Metrics
  logger: Logger
  build: BuildInfo
  /** Workers that answer whole POST /incident requests (src/workers/pool.ts); absent = all inline. */
  pool?: WorkerPool
  /** The LLM enrichment layer (src/llm/setup.ts); absent = graph only. */
  llm?: LlmLayer
  /** Re-reads the graph/history files; main.ts passes the one its timer and SIGHUP use. */
  reloader?: GraphReloader
  /** Shutdown state: while draining, /readyz answers 503. */
  lifecycle?: Lifecycle
  /** The incident store (src/store); absent = nothing is kept (the default: tests never write a file). */
  incidents?: IncidentService
}

export function createApp(deps: AppDeps) {
  const reloader =
    deps.reloader ??
    new GraphReloader({ store: deps.store, metrics: deps.metrics, logger: deps.logger, graphPath: deps.config.AIOPS_GRAPH_PATH, historyPath: deps.config.AIOPS_HISTORY_PATH })
  trackGraphMetrics(deps.store, deps.metrics)
  const token = deps.config.AIOPS_API_TOKEN
  const auth = token ? bearerAuth({ token, realm: 'aiops-serve', tokenName: 'AIOPS_API_TOKEN' }) : undefined
  const adminToken = deps.config.AIOPS_ADMIN_TOKEN
  const adminAuth = adminToken ? bearerAuth({ token: adminToken, realm: 'aiops-admin', tokenName: 'AIOPS_ADMIN_TOKEN' }) : undefined
  // Bun's limit is only a backstop: it answers 413 with no body, so ours (bodyLimit) must come first.
  return new Elysia({ serve: { maxRequestBodySize: serverBodyCeiling(deps.config.AIOPS_MAX_BODY_BYTES) } })
    .use(observe(deps.logger))
    .use(errorHandler(deps.logger))
    .use(bodyLimit(deps.config.AIOPS_MAX_BODY_BYTES))
    .use(docsRoutes(deps.build))
    .use(opsRoutes(deps))
    .use(incidentRoutes({ ...deps, auth }))
    .use(graphAdminRoutes({ ...deps, reloader }))
    .use(alertmanagerRoutes({ ...deps, auth }))
    .use(deps.incidents ? incidentStoreRoutes(deps.incidents, { auth, adminAuth }) : noStoreRoutes())
}

export type App = ReturnType<typeof createApp>
