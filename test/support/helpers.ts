/**
 * Test helpers: tiny graphs and alerts, an app built with injectable deps, and
 * req/post wrappers around app.handle() (no port, as in Elysia's own tests).
 */
import { Registry } from 'prom-client'
import { createApp, type AppDeps } from '../../src/app.ts'
import { parseConfig } from '../../src/config.ts'
import type { Alert, Incident, Tier } from '../../src/domain/model.ts'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { createServiceGraph, type GraphData } from '../../src/domain/service-graph.ts'
import { createSnapshot, GraphStore } from '../../src/graph/store.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import { triage } from '../../src/incident/triage.ts'
import type { CandidateAnalyzer } from '../../src/shadow/candidate-run.ts'
import { createWorkerPool } from '../../src/workers/pool.ts'

/** A graph from "a>b" edge strings; tiers default to service. */
export function graphData(edges: string[], tiers: Record<string, Tier> = {}, extraNodes: string[] = []): GraphData {
  const names = new Set<string>(extraNodes)
  const parsed = edges.map((e) => {
    const [from, to] = e.split('>') as [string, string]
    names.add(from)
    names.add(to)
    return { from, to }
  })
  return { version: 'g-test', source: 'test', hash: 'h', nodes: [...names].map((name) => ({ name, tier: tiers[name] ?? 'service' })), edges: parsed }
}

export const graphOf = (edges: string[], tiers: Record<string, Tier> = {}, extra: string[] = []) => createServiceGraph(graphData(edges, tiers, extra))

let seq = 0
/** An alert with sensible defaults; `t` is seconds after a fixed base time. */
export function alert(service: string, metric: string, t: number, extra: Partial<Alert> = {}): Alert {
  return { id: `a${++seq}`, ts: 1_780_000_000 + t, service, metric, severity: 'warning', value: 2, threshold: 1, labels: { pod: `${service}-0` }, ...extra }
}

export const normalized = (alerts: Alert[]) => normalizeAlerts(alerts)

/** shop: web → checkout → payment → payment-db; checkout → cart → cart-cache */
export const SHOP_EDGES = ['web>checkout', 'checkout>payment', 'payment>payment-db', 'checkout>cart', 'cart>cart-cache', 'web>search']
export const SHOP_TIERS: Record<string, Tier> = { web: 'edge', 'payment-db': 'db', 'cart-cache': 'cache' }

export const HISTORY: Incident[] = [
  {
    id: 'INC-1',
    ts: '2026-01-01T00:00:00Z',
    title: 'payment-db pool exhausted',
    root_cause: 'payment-db',
    services: ['payment-db', 'payment', 'checkout'],
    metrics: ['conn_pool_used', 'latency_p99_ms'],
    actions: ['Raise payment-db max_connections'],
    resolution: 'raised pool',
  },
  {
    id: 'INC-2',
    ts: '2026-02-01T00:00:00Z',
    title: 'cart-cache evictions',
    root_cause: 'cart-cache',
    services: ['cart-cache', 'cart'],
    metrics: ['mem_util', 'latency_p99_ms'],
    actions: ['Scale cart-cache'],
    resolution: 'scaled',
  },
]

/** A snapshot of this graph and history as the tests load one (origin 'test', a fixed load time unless given). */
export function testSnapshot(graph: GraphData, history: Incident[] = HISTORY, loadedAt = '2026-01-01T00:00:00Z') {
  return createSnapshot({ graph, history, graphOrigin: 'test', historyOrigin: 'test', historyHash: 'h', loadedAt })
}

/** The shop graph (SHOP_EDGES, SHOP_TIERS) with HISTORY, as one snapshot. */
export const shopSnapshot = () => testSnapshot(graphData(SHOP_EDGES, SHOP_TIERS))

export function makeDeps(overrides: Partial<AppDeps> & { env?: Record<string, string> } = {}): AppDeps {
  const config = overrides.config ?? parseConfig({ AIOPS_USE_LLM: 'false', ...overrides.env })
  const store = overrides.store ?? new GraphStore(shopSnapshot())
  return {
    config,
    store,
    metrics: overrides.metrics ?? createMetrics(new Registry()),
    logger: overrides.logger ?? silentLogger,
    build: { version: '0.0.0-test', commit: 'test' },
    pool: overrides.pool,
    llm: overrides.llm,
    shadow: overrides.shadow,
    shadowAnalyzer: overrides.shadowAnalyzer,
    incidents: overrides.incidents,
    chronic: overrides.chronic,
  }
}

export function makeApp(overrides: Parameters<typeof makeDeps>[0] = {}) {
  return createApp(makeDeps(overrides))
}

type App = ReturnType<typeof makeApp>
export const req = (app: App, path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init))
export const post = (app: App, path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  req(app, path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })

/** A response's JSON body, typed loosely: the assertions check its shape. */
export const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json()

/** A shadow candidate's run in one go: exactly what live answers with these settings (the reference for the yielding run). */
export const analyzeCandidate: CandidateAnalyzer = (alerts, snapshot, settings) =>
  triage({ alerts, snapshot, options: settings, method: `graph-${settings.method}` }).report

/** One real incident worker, counting where requests were answered; the caller terminates it. */
export function incidentWorkerPool() {
  const seen = { inline: 0, worker: 0 }
  const pool = createWorkerPool({
    size: 1,
    url: new URL('../../src/incident/incident.worker.ts', import.meta.url),
    taskTimeoutMs: 5000,
    onTask: (where) => seen[where]++,
  })
  return { pool, seen }
}
