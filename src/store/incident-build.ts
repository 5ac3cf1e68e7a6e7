/**
 * Builds the kept record of an analysed batch, and turns a confirmed record
 * into a history incident. Pure: plain data in, plain data out; the recorder
 * calls the first off the request path, the learner the second.
 */
import type { Alert, Incident, IncidentReport } from '../domain/model.ts'
import type { ServiceGraph } from '../domain/service-graph.ts'
import type { IncidentGraph, StoredIncident } from './incident-record.ts'

export interface IncidentBuildInput {
  id: string
  createdAt: string
  updatedAt: string
  groupKey?: string
  report: IncidentReport
  alerts: Alert[]
  graph: ServiceGraph
  settings: StoredIncident['settings']
}

/** Every service the report or the alerts name, in first-seen order. */
function reportServices(report: IncidentReport, alerts: readonly Alert[]): string[] {
  const seen = new Set<string>()
  for (const a of alerts) seen.add(a.service)
  for (const c of report.clusters) {
    for (const s of c.services) seen.add(s)
    for (const cand of c.root_cause.candidates) seen.add(cand.service)
    for (const p of c.root_cause.evidence?.paths ?? []) for (const s of p) seen.add(s)
  }
  if (report.root_cause.service !== 'unknown') seen.add(report.root_cause.service)
  return [...seen]
}

/** The part of the call graph among `services`: what the incident page draws. */
export function subgraph(graph: ServiceGraph, services: readonly string[]): IncidentGraph {
  const keep = new Set(services)
  const nodes = services.map((name) => {
    const tier = graph.tiers.get(name)
    return tier ? { name, tier } : { name }
  })
  const edges: IncidentGraph['edges'] = []
  for (const from of services) for (const to of graph.callees.get(from) ?? []) if (keep.has(to)) edges.push({ from, to })
  return { nodes, edges }
}

/** @example buildIncident({ id, createdAt, updatedAt, report, alerts, graph, settings }) */
export function buildIncident(input: IncidentBuildInput): StoredIncident {
  const { report, alerts } = input
  const services = reportServices(report, alerts)
  const primary = report.clusters[0]
  return {
    id: input.id,
    created_at: input.createdAt,
    updated_at: input.updatedAt,
    ...(input.groupKey !== undefined ? { group_key: input.groupKey } : {}),
    root_cause: report.root_cause.service,
    confidence: report.root_cause.confidence,
    alert_count: primary?.alert_count ?? alerts.length,
    services: [...new Set(alerts.map((a) => a.service))],
    report,
    alerts,
    graph: subgraph(input.graph, services),
    graph_version: input.graph.data.version,
    settings: input.settings,
    method: report.root_cause.method,
  }
}

// A history title is one line on a report: the operator's note is cut to this.
const TITLE_MAX = 120

/**
 * A confirmed incident as a history entry: the primary cluster's services and
 * metrics (what similarity compares), the operator's root and actions. null
 * when there is no feedback.
 */
export function historyEntry(incident: StoredIncident): Incident | null {
  const fb = incident.feedback
  if (!fb) return null
  // The report lists the primary cluster first.
  const primary = incident.report.clusters[0]
  const ids = new Set(primary?.alert_ids ?? incident.alerts.map((a) => a.id))
  const inPrimary = incident.alerts.filter((a) => ids.has(a.id))
  const services = [...new Set([...(primary?.services ?? inPrimary.map((a) => a.service)), fb.root_cause])]
  const metrics = [...new Set(inPrimary.map((a) => a.metric))]
  const note = fb.note?.split('\n')[0]?.trim()
  const title = note
    ? note.slice(0, TITLE_MAX)
    : `${fb.root_cause}: operator-confirmed root of ${primary?.alert_count ?? incident.alert_count} alerts on ${services.length} services`
  return {
    id: incident.id,
    ts: incident.created_at,
    title,
    root_cause: fb.root_cause,
    services,
    metrics,
    actions: fb.actions,
    resolution: fb.note ?? '',
    confirmed: true,
  }
}
