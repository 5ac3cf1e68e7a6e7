/**
 * Stored incidents for the page tests and the render bench, made by the real
 * pipeline: alerts are POSTed to an app built on a graph and history (the
 * dataset's, or a generated fan-in cascade of any size), and the answer is
 * wrapped in the StoredIncident shape the incident store keeps (the incident's
 * services, its quiet neighbours and the call edges among them).
 */
import { Registry } from 'prom-client'
import { createApp } from '../../src/app.ts'
import { parseConfig } from '../../src/config.ts'
import type { Alert, Incident, IncidentReport } from '../../src/domain/model.ts'
import type { GraphData } from '../../src/domain/service-graph.ts'
import { graphFromText, historyFromText } from '../../src/graph/load.ts'
import { GraphStore } from '../../src/graph/store.ts'
import { silentLogger } from '../../src/logger.ts'
import { createMetrics } from '../../src/metrics.ts'
import type { IncidentGraph, StoredIncident } from '../../src/store/incident-record.ts'
import { testSnapshot } from './helpers.ts'

const ROOT = new URL('../../', import.meta.url).pathname

export async function datasetGraph(): Promise<{ graph: GraphData; history: Incident[] }> {
  const graph = graphFromText(await Bun.file(`${ROOT}dataset/services.json`).text(), 'dataset')
  const { history } = historyFromText(await Bun.file(`${ROOT}dataset/incidents_history.json`).text(), 'dataset')
  return { graph, history }
}

export async function sampleAlerts(name: string): Promise<Alert[]> {
  return ((await Bun.file(`${ROOT}dataset/samples/${name}.json`).json()) as { alerts: Alert[] }).alerts
}

/** The report of POST /incident on an app with this graph and history (LLM off, inline ranking). */
export async function reportOf(alerts: Alert[], graph: GraphData, history: Incident[]): Promise<IncidentReport> {
  const store = new GraphStore(testSnapshot(graph, history))
  const app = createApp({
    config: parseConfig({ AIOPS_USE_LLM: 'false', AIOPS_MAX_ALERTS: '50000' }),
    store,
    metrics: createMetrics(new Registry()),
    logger: silentLogger,
    build: { version: 't', commit: 't' },
  })
  const res = await app.handle(
    new Request('http://localhost/incident', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ alerts }) }),
  )
  if (res.status !== 200) throw new Error(`POST /incident answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as IncidentReport
}

/** The part of the graph the incident touched: its services, candidates, path services and their neighbours. */
export function touchedGraph(report: IncidentReport, graph: GraphData): IncidentGraph {
  const core = new Set<string>()
  for (const c of report.clusters) {
    for (const s of c.services) core.add(s)
    for (const k of c.root_cause.candidates) core.add(k.service)
    for (const p of c.root_cause.evidence?.paths ?? []) for (const s of p) core.add(s)
  }
  const names = new Set(core)
  for (const e of graph.edges) if (core.has(e.from) || core.has(e.to)) names.add(e.from).add(e.to)
  return {
    nodes: graph.nodes.filter((n) => names.has(n.name)).map((n) => ({ name: n.name, tier: n.tier })),
    edges: graph.edges.filter((e) => names.has(e.from) && names.has(e.to)).map((e) => ({ from: e.from, to: e.to })),
  }
}

/** A fresh record (its own copies of the report and alerts, so a test may change one without touching others). */
export function storedIncident(id: string, sharedAlerts: Alert[], sharedReport: IncidentReport, graph: GraphData): StoredIncident {
  const alerts = structuredClone(sharedAlerts)
  const report = structuredClone(sharedReport)
  const services = [...new Set(alerts.map((a) => a.service))].sort()
  return {
    id,
    created_at: '2026-11-20T14:05:00Z',
    updated_at: '2026-11-20T14:05:00Z',
    root_cause: report.root_cause.service,
    confidence: report.root_cause.confidence,
    alert_count: alerts.length,
    services,
    report,
    alerts,
    graph: touchedGraph(report, graph),
    graph_version: graph.version,
    settings: { gap_sec: 120, max_hop: 2, rca_method: 'explain' },
    method: report.root_cause.method,
  }
}

export interface FanInOptions {
  /** Alerting services in the cascade (root included). */
  services: number
  /** Alerts each service fires (30 s apart). */
  alertsPerService: number
  /** Callers each service has, level by level. */
  fanIn: number
}

/**
 * A cascade of `services` alerting services: one database root, its callers, their callers, …,
 * plus a quiet cache under every service of the first levels (quiet neighbours to collapse).
 * @example fanInIncident({ services: 200, alertsPerService: 2, fanIn: 6 }).alerts.length // 400
 */
export function fanInIncident(opts: FanInOptions): { graph: GraphData; alerts: Alert[] } {
  const base = Date.parse('2026-11-20T14:00:00Z') / 1000
  const nodes: GraphData['nodes'] = [{ name: 'orders-db', tier: 'db' }]
  const edges: GraphData['edges'] = []
  const level = new Map<string, number>([['orders-db', 0]])
  let frontier = ['orders-db']
  let made = 1
  for (let depth = 1; made < opts.services; depth++) {
    const next: string[] = []
    for (const callee of frontier) {
      for (let k = 0; k < opts.fanIn && made < opts.services; k++) {
        const name = depth === 1 ? `orders-${k}` : `${callee.replace(/^orders-/, 'svc-')}-${k}`
        nodes.push({ name, tier: 'service' })
        edges.push({ from: name, to: callee })
        level.set(name, depth)
        next.push(name)
        made++
        if (depth <= 2) {
          nodes.push({ name: `${name}-cache`, tier: 'cache' })
          edges.push({ from: name, to: `${name}-cache` })
        }
      }
    }
    frontier = next
  }
  const alerts: Alert[] = []
  for (const [service, depth] of level) {
    for (let i = 0; i < opts.alertsPerService; i++) {
      const metric = depth === 0 ? (i % 2 === 0 ? 'conn_pool_used' : 'cpu_util') : i % 2 === 0 ? 'latency_p99_ms' : 'error_rate'
      const t = depth * 25 + (service.length % 7) + i * 30
      alerts.push({
        id: `a-${alerts.length}`,
        ts: base + t,
        service,
        metric,
        severity: depth === 0 ? 'critical' : 'warning',
        value: 3,
        threshold: 1,
        labels: { env: 'prod', pod: `${service}-0` },
      })
    }
  }
  return { graph: { version: `g-fan-in-${opts.services}`, source: 'test', hash: 'h', nodes, edges }, alerts }
}
