/**
 * createApp(deps): composes the HTTP plugins into one Elysia app. It never
 * listens (main.ts does), so tests build as many apps as they like and drive
 * them through app.handle(). Order matters: observe and errors are global
 * hooks and must come before the routes they cover.
 */
import { Elysia } from 'elysia'
import type { BuildInfo } from './build-info.ts'
import type { Config } from './config.ts'
import { createDiscovery, type Discovery } from './graph/discovery/from-config.ts'
import { trackGraphMetrics } from './graph/graph-metrics.ts'
import { GraphReloader } from './graph/reloader.ts'
import type { GraphStore } from './graph/store.ts'
import { alertmanagerRoutes } from './http/alertmanager.ts'
import { adminAuth, bearerAuth } from './http/bearer-auth.ts'
import { docsRoutes } from './http/docs.ts'
import { errorHandler } from './http/errors.ts'
import { graphAdminRoutes } from './http/graph-admin.ts'
import { incidentRoutes } from './http/incident.ts'
import { incidentStoreRoutes, noStoreRoutes } from './http/incidents.ts'
import { bodyLimit, serverBodyCeiling } from './http/limits.ts'
import { observe } from './http/observe.ts'
import { opsRoutes } from './http/ops.ts'
import { uiSessionRoutes } from './http/session-routes.ts'
import { shadowAdminRoutes } from './http/shadow-admin.ts'
import { createUiSession } from './http/ui-session.ts'
import { LiveSettings } from './live-settings.ts'
import { triageOptions } from './settings.ts'
import type { LlmLayer } from './llm/setup.ts'
import type { Lifecycle } from './lifecycle.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'
import type { ChronicService } from './incident/chronic-service.ts'
import type { IncidentService } from './store/incident-service.ts'
import type { WorkerPool } from './workers/pool.ts'
import { storeVersions } from './shadow/candidate.ts'
import type { CandidateAnalyzer } from './shadow/candidate-run.ts'
import { ShadowService } from './shadow/shadow.ts'

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
  /** Graph discovery (AIOPS_GRAPH_SOURCE prometheus or jaeger); main.ts passes the one its timer uses. */
  discovery?: Discovery
  /** Shutdown state: while draining, /readyz answers 503. */
  lifecycle?: Lifecycle
  /** The pipeline settings requests run with; made from the config when absent. */
  settings?: LiveSettings
  /** The shadow of a candidate graph/settings; made here when absent (main.ts passes one discovery can feed). */
  shadow?: ShadowService
  /** Tests only: the candidate's pipeline run (default: live's stages, one time segment at a time; shadow/candidate-run.ts). */
  shadowAnalyzer?: CandidateAnalyzer
  /**
   * The incident store (src/store): keeps every answered batch, serves /incidents* and feeds
   * POST /admin/shadow/replay; absent = nothing kept (the default: tests never write a file).
   */
  incidents?: IncidentService
  /** The chronic-alert baseline (AIOPS_CHRONIC=on; main.ts makes it and persists it); absent = off. */
  chronic?: ChronicService
}

/** The shadow service of an app: sampled, bounded, on the app's graph store and live settings; it waits while `liveInFlight`. */
export function createShadow(
  deps: Pick<AppDeps, 'config' | 'store' | 'metrics' | 'logger' | 'shadowAnalyzer'>,
  settings: LiveSettings,
  liveInFlight?: () => boolean,
): ShadowService {
  return new ShadowService({
    liveInFlight,
    store: deps.store,
    settings,
    metrics: deps.metrics,
    logger: deps.logger,
    // At most one maximal batch's worth of alerts waits, whatever AIOPS_SHADOW_QUEUE allows.
    queue: { capacity: deps.config.AIOPS_SHADOW_QUEUE, sample: deps.config.AIOPS_SHADOW_SAMPLE, maxWeight: deps.config.AIOPS_MAX_ALERTS },
    analyze: deps.shadowAnalyzer,
  })
}

/** Graph discovery (when configured) whose changed or held-back graphs become the shadow's candidate. */
export function createShadowedDiscovery(deps: Pick<AppDeps, 'config' | 'store' | 'metrics' | 'logger'>, shadow: ShadowService): Discovery | undefined {
  return createDiscovery({ ...deps, onCandidate: (graph, reason) => void shadow.startFromDiscovery(graph, reason) })
}

/** The graph/history file reloader of an app. With discovery on, AIOPS_GRAPH_PATH is only the start-up fallback: re-reading it would undo a discovered graph. */
export function createReloader(deps: Pick<AppDeps, 'config' | 'store' | 'metrics' | 'logger'>, discovery: Discovery | undefined): GraphReloader {
  return new GraphReloader({
    store: deps.store,
    metrics: deps.metrics,
    logger: deps.logger,
    graphPath: discovery ? undefined : deps.config.AIOPS_GRAPH_PATH,
    historyPath: deps.config.AIOPS_HISTORY_PATH,
  })
}

export function createApp(deps: AppDeps) {
  const settings = deps.settings ?? new LiveSettings(triageOptions(deps.config))
  // The server exists once main.ts listens; until then (and under app.handle in tests) nothing is pending.
  const listening: { server?: { pendingRequests: number } | null } = {}
  const shadow = deps.shadow ?? createShadow(deps, settings, () => (listening.server?.pendingRequests ?? 0) > 0)
  const live = { ...deps, settings, shadow }
  const discovery = deps.discovery ?? createShadowedDiscovery(deps, shadow)
  const reloader = deps.reloader ?? createReloader(deps, discovery)
  trackGraphMetrics(deps.store, deps.metrics)
  const token = deps.config.AIOPS_API_TOKEN
  const auth = token ? bearerAuth({ token, realm: 'aiops-serve', tokenName: 'AIOPS_API_TOKEN' }) : undefined
  // The pages' browser session (a cookie that proves the token was given, not the token).
  const session = token
    ? createUiSession({ token, secure: deps.config.AIOPS_PUBLIC_URL?.startsWith('https:') ?? false, publicUrl: deps.config.AIOPS_PUBLIC_URL })
    : undefined
  const pageAuth = token ? bearerAuth({ token, realm: 'aiops-serve', tokenName: 'AIOPS_API_TOKEN', session }) : undefined
  const adminToken = deps.config.AIOPS_ADMIN_TOKEN
  const adminHook = adminToken ? adminAuth(adminToken) : undefined
  // Bun's limit is only a backstop: it answers 413 with no body, so ours (bodyLimit) must come first.
  const app = new Elysia({ serve: { maxRequestBodySize: serverBodyCeiling(deps.config.AIOPS_MAX_BODY_BYTES) } })
    .use(observe(deps.logger))
    .use(errorHandler(deps.logger))
    .use(bodyLimit(deps.config.AIOPS_MAX_BODY_BYTES))
    .use(docsRoutes(deps.build))
    .use(opsRoutes(live))
    .use(incidentRoutes({ ...live, auth }))
    .use(graphAdminRoutes({ ...deps, reloader, discovery }))
    .use(shadowAdminRoutes({ ...live, versions: storeVersions(deps.store) }))
    .use(alertmanagerRoutes({ ...live, auth }))
    .use(deps.incidents ? incidentStoreRoutes(deps.incidents, { auth, pageAuth, adminAuth: adminHook }) : noStoreRoutes())
  if (token && session) app.use(uiSessionRoutes(session, token))
  // A getter, not a copy: Elysia sets app.server when main.ts calls listen.
  Object.defineProperty(listening, 'server', { get: () => app.server })
  return app
}

export type App = ReturnType<typeof createApp>
