/**
 * The shape of a kept incident: what the incident store writes and reads
 * (SQLite or Postgres), what GET /incidents/{id} answers as JSON and what the
 * incident page renders. Plain data, no behaviour, so the store, the routes,
 * the page and replay agree on one definition.
 */
import type { Alert, IncidentReport } from '../domain/model.ts'

/** An operator's confirmation or correction of the root cause. */
export interface IncidentFeedback {
  /** The service the operator says was the root (equal to the answer's root = a confirmation). */
  root_cause: string
  actions: string[]
  note?: string
  /** ISO time the feedback was stored. */
  at: string
  /** How the stored answer scored against it: the root first, within the top 3 candidates, or not. */
  outcome: 'top1' | 'top3' | 'miss'
}

/** The part of the call graph an incident touched, kept with it so the page draws what the answer saw. */
export interface IncidentGraph {
  nodes: { name: string; tier?: string }[]
  /** "from" calls "to", as in the graph file. */
  edges: { from: string; to: string }[]
}

export interface StoredIncident {
  /** Stable id, e.g. "inc-…"; appears as incident_id in the report and as the id in similar_incidents. */
  id: string
  created_at: string
  updated_at: string
  /** Alertmanager's groupKey when it came through /alertmanager; deliveries of one group update one incident. */
  group_key?: string
  /** The primary cluster's root cause service (denormalised for listing and filtering). */
  root_cause: string
  confidence: number
  alert_count: number
  /** Every service named by the incident's alerts (for GET /incidents?service=). */
  services: string[]
  /** The report as answered (without incident_id / incident_url). */
  report: IncidentReport
  /** The alerts of the latest delivery (repeats of a source collapsed upstream are kept as sent). */
  alerts: Alert[]
  graph: IncidentGraph
  graph_version: string
  settings: { gap_sec: number; max_hop: number; rca_method: string }
  method: string
  feedback?: IncidentFeedback
}
