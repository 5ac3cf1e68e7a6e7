/**
 * The only module with side effects: read config, load graph and history,
 * build the app, listen, and shut down gracefully on SIGTERM/SIGINT (requests
 * in flight finish: docs/pitfalls.md#graceful-shutdown). A bad variable or file stops start-up with
 * one line naming it. The graph reloader runs on its timer and on SIGHUP.
 */
import { collectDefaultMetrics, Registry } from 'prom-client'
import { createApp, createReloader, createShadow, createShadowedDiscovery, type App } from './app.ts'
import { buildInfo } from './build-info.ts'
import { ConfigError, parseConfig } from './config.ts'
import { loadSnapshot } from './graph/load.ts'
import { graphSourceKind, GraphStore } from './graph/store.ts'
import { healthcheck } from './healthcheck.ts'
import { createLifecycle, drain } from './lifecycle.ts'
import { LiveSettings } from './live-settings.ts'
import { createLlmLayer } from './llm/setup.ts'
import { createLogger } from './logger.ts'
import { createMetrics } from './metrics.ts'
import { warmUp } from './incident/warm-up.ts'
import { llmSetup, triageOptions } from './settings.ts'
import { createWorkerPool } from './workers/pool.ts'
import { replayCommand } from './replay/replay-command.ts'
import { incidentServiceFromConfig } from './store/setup.ts'
import { ChronicService } from './incident/chronic-service.ts'
import { chronicPersistence } from './incident/chronic-persistence.ts'

// Pipeline runs on a synthetic batch right after start (src/incident/warm-up.ts), so the first real
// requests meet warm code; enough rounds for that, few enough to finish soon after listening (DESIGN.md).
const WARM_UP_ROUNDS = 300

// The chronic table is rebuilt and shared with the workers at most this often: a pass over the tracked
// fingerprints and a message to each worker, a few times a minute whatever the request rate, while a
// fingerprint needs many batches to turn chronic anyway.
const CHRONIC_REFRESH_MS = 5_000
// The baseline is saved this often (and at shutdown): a crash loses at most this much learning, which
// decays over a week; a small write.
const CHRONIC_SAVE_MS = 5 * 60_000

// Longest wait for in-flight requests on SIGTERM: inside Kubernetes' default 30 s grace period.
const SHUTDOWN_DRAIN_MS = 20_000

/** Worker count when AIOPS_RCA_WORKERS is unset: one per spare core (the main thread keeps HTTP and answers overflow). */
function defaultWorkers(cores: number): number {
  return Math.max(1, cores - 1)
}

function die(message: string): never {
  process.stderr.write(JSON.stringify({ ts: new Date().toISOString(), level: 'error', msg: message }) + '\n')
  process.exit(1)
}

async function main() {
  let config
  try {
    config = parseConfig(Bun.env)
  } catch (e) {
    die(e instanceof ConfigError ? e.message : String(e))
  }
  const logger = createLogger(config.AIOPS_LOG_LEVEL)
  let snapshot
  try {
    snapshot = await loadSnapshot(config.AIOPS_GRAPH_PATH, config.AIOPS_HISTORY_PATH, new Date().toISOString())
  } catch (e) {
    const which = config.AIOPS_GRAPH_PATH || config.AIOPS_HISTORY_PATH ? ' (AIOPS_GRAPH_PATH / AIOPS_HISTORY_PATH)' : ''
    die(`cannot load data${which}: ${(e as Error).message}`)
  }
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const metrics = createMetrics(registry)
  const store = new GraphStore(snapshot, { keep: config.AIOPS_GRAPH_KEEP_VERSIONS })
  // With discovery on, the file graph (AIOPS_GRAPH_PATH or embedded) serves only until the first discovered graph.
  // Made before discovery, so a discovered graph that does not go live (AIOPS_GRAPH_REFRESH_MODE=shadow,
  // or the collapse guard's) is shadowed on live traffic.
  const settings = new LiveSettings(triageOptions(config))
  const serving: { app?: App } = {}
  const shadow = createShadow({ config, store, metrics, logger }, settings, () => (serving.app?.server?.pendingRequests ?? 0) > 0)
  const discovery = createShadowedDiscovery({ config, store, metrics, logger }, shadow)
  const reloader = createReloader({ config, store, metrics, logger }, discovery)
  // The first discovery before listening (bounded by AIOPS_GRAPH_FETCH_TIMEOUT_MS): when the source
  // answers, the first request already sees the discovered graph; when not, the fallback serves and
  // the refresher retries.
  const first = await discovery?.refresher.reload('start')
  // No client, cache or Redis connection at all unless the LLM is on and has a key.
  const llm = createLlmLayer(config, metrics, logger)
  if (llm && config.AIOPS_REDIS_URL && !(await llm.cache.ready())) logger.warn('llm cache: redis unreachable at start; using memory until it is back')
  const workers = config.AIOPS_RCA_WORKERS ?? defaultWorkers(navigator.hardwareConcurrency || 1)
  // Workers have no LLM pass, so with the LLM on every request stays on the main thread: no pool.
  const pool =
    workers > 0 && !llm
      ? createWorkerPool({
          size: workers,
          // Relative to main.ts: in the binary import.meta.url is the entry's, so this is the one path
          // right in both (docs/pitfalls.md#workers-in-the-compiled-binary).
          url: new URL('./incident/incident.worker.ts', import.meta.url),
          taskTimeoutMs: config.AIOPS_RCA_TIMEOUT_MS,
          logger,
          onTask: (where) => metrics.rcaTasks.inc({ where }),
          onFailure: (reason) => metrics.rcaWorkerFailures.inc({ reason }),
        })
      : undefined
  let incidents
  try {
    incidents = incidentServiceFromConfig(config, { graphs: store, metrics, logger })
  } catch (e) {
    die((e as Error).message)
  }
  // Learns what operators confirmed and seeds the open incidents in the background: a store that is
  // slow or down at start never holds up the listener.
  void incidents?.start()
  const chronic = config.AIOPS_CHRONIC === 'on' ? new ChronicService({ refreshMs: CHRONIC_REFRESH_MS }) : undefined
  // Read before listening, so the first answers already discount what the last run learnt.
  const chronicSaved = chronic && incidents ? chronicPersistence(chronic, incidents, logger) : undefined
  if (chronic && chronicSaved) {
    if (await chronicSaved.load()) logger.info('chronic baseline restored', { fingerprints: chronic.size })
    metrics.chronicFingerprints.set(chronic.size)
    chronicSaved.start(CHRONIC_SAVE_MS)
  }
  const lifecycle = createLifecycle()
  const app = createApp({ config, store, metrics, logger, build: buildInfo, llm, pool, reloader, discovery, lifecycle, settings, shadow, incidents, chronic })
  serving.app = app
  app.listen({ port: config.PORT, hostname: config.HOST })
  // In the background, one small step per event-loop turn: a request is never held up by more than one.
  void warmUp(store.current!, triageOptions(config), WARM_UP_ROUNDS)
  logger.info('listening', {
    host: config.HOST,
    port: app.server?.port,
    version: buildInfo.version,
    graph_version: store.current!.graph.data.version,
    graph_source: graphSourceKind(store.current!.graphOrigin),
    nodes: store.current!.graph.data.nodes.length,
    edges: store.current!.graph.data.edges.length,
    incidents: snapshot.history.length,
    ...(first ? { graph_discovery: first.result } : {}),
    rca_method: config.AIOPS_RCA_METHOD,
    rca_workers: pool?.size() ?? 0,
    graph_reload_sec: config.AIOPS_GRAPH_RELOAD_SEC,
    admin_api: config.AIOPS_ADMIN_TOKEN ? 'on' : 'off (no AIOPS_ADMIN_TOKEN)',
    chronic_baseline: config.AIOPS_CHRONIC,
  })
  const setup = llmSetup(config)
  if (setup.reason === 'no-key') logger.info('no API key: graph only (set OPENAI_API_KEY to enable the LLM)')
  else if (setup.reason === 'flag-off') logger.info('AIOPS_USE_LLM=false: graph only')
  else
    logger.info('llm enabled', {
      model: config.AIOPS_LLM_MODEL,
      base_url: config.OPENAI_BASE_URL ?? 'default',
      cache: config.AIOPS_REDIS_URL ? 'redis' : 'memory',
    })
  // Graph lifecycle: periodic re-read when the files changed, periodic discovery; SIGHUP does both at once (as Alertmanager does).
  reloader.start(config.AIOPS_GRAPH_RELOAD_SEC)
  discovery?.refresher.start(config.AIOPS_GRAPH_REFRESH_SEC)
  process.on('SIGHUP', () => {
    void reloader.reload('SIGHUP').then((r) => {
      if (r.result === 'no_files' && !discovery) logger.info('SIGHUP: nothing to reload', { message: r.message })
    })
    void discovery?.refresher.reload('SIGHUP')
  })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return // a second signal must not call stop twice: Elysia throws (docs/pitfalls.md#graceful-shutdown)
    stopping = true
    logger.info('shutting down', { signal })
    // No re-read or discovery swaps the graph under the requests that are draining.
    reloader.stop()
    discovery?.refresher.stop()
    // Drain first: /readyz turns 503, and every request already received, even one still
    // queued behind a busy event loop, is answered before the listener closes.
    lifecycle.draining = true
    const quiet = await drain(() => app.server?.pendingRequests ?? 0, SHUTDOWN_DRAIN_MS)
    if (!quiet) logger.warn('shutdown: requests still pending after the drain period', { pending: app.server?.pendingRequests ?? 0 })
    await app.stop()
    // The baseline and what the write queue still holds are written before the process ends.
    await chronicSaved?.stop()
    await incidents?.close()
    llm?.close()
    await pool?.terminate()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

// `aiops-serve healthcheck` probes a running server instead (Docker HEALTHCHECK, no curl in the image).
if (process.argv[2] === 'healthcheck') process.exit(await healthcheck(Bun.env))
// `aiops-serve replay FILE.jsonl|--store …` scores the pipeline on batches with a known root instead.
else if (process.argv[2] === 'replay') process.exit(await replayCommand(process.argv.slice(3), Bun.env))
else void main()
