/**
 * IncidentStore: what the service needs from wherever kept incidents live
 * (embedded SQLite by default, Postgres when replicas share one store). Both
 * implementations run the same migrations and behave the same; the routes,
 * the write queue, learning and replay depend only on this interface.
 */
import { batchSources, sourcesText } from '../domain/batch-sources.ts'
import { fingerprint } from '../domain/fingerprint.ts'
import { parseTs } from '../domain/time.ts'
import type { IncidentFeedback, StoredIncident } from './incident-record.ts'

export interface IncidentQuery {
  /** Only incidents whose alerts name this service. */
  service?: string
  /** Only incidents updated at or after this time (epoch ms). */
  sinceMs?: number
  limit: number
}

/** What grouping needs of an incident another replica updated (no document is read). */
export interface OpenRow {
  id: string
  created_ms: number
  updated_ms: number
  group_key: string | null
  /** domain/batch-sources.ts text of its latest alerts. */
  sources: string
}

/** One scored feedback, as accuracy aggregation reads it. */
export interface FeedbackRow {
  atMs: number
  outcome: IncidentFeedback['outcome']
  method: string
  graph_version: string
}

export interface IncidentStore {
  readonly kind: 'sqlite' | 'postgres'
  /**
   * Insert or update incidents by id in one transaction. An update keeps the
   * incident's creation time and its feedback: a storm that grows after an
   * operator confirmed it stays confirmed.
   */
  upsert(incidents: readonly StoredIncident[]): Promise<void>
  get(id: string): Promise<StoredIncident | null>
  /** Newest (last updated) first. */
  list(query: IncidentQuery): Promise<StoredIncident[]>
  /** Stores the feedback durably before resolving; null when the id is unknown. */
  saveFeedback(id: string, feedback: IncidentFeedback): Promise<StoredIncident | null>
  /**
   * Incidents updated at or after `sinceMs` by other store instances (other
   * replicas, or this process before a restart), newest first: how a replica
   * learns the open incidents it did not see itself.
   */
  updatedByOthers(sinceMs: number, limit: number): Promise<OpenRow[]>
  /** Incidents whose feedback was given at or after `sinceMs`, oldest feedback first (learning). */
  confirmedSince(sinceMs: number): Promise<StoredIncident[]>
  /** Every feedback given at or after `sinceMs` (accuracy). */
  feedbackSince(sinceMs: number): Promise<FeedbackRow[]>
  /** Deletes incidents last updated before `beforeMs`; returns how many. */
  purge(beforeMs: number): Promise<number>
  /** A named piece of the service's learnt state (the chronic baseline's export), as JSON text; null when never saved. */
  loadState(name: string): Promise<string | null>
  /** Replaces a named piece of learnt state. */
  saveState(name: string, doc: string): Promise<void>
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** The columns both stores keep besides the document, derived in one place. */
export interface IncidentRow {
  id: string
  created_ms: number
  updated_ms: number
  group_key: string | null
  root_cause: string
  method: string
  graph_version: string
  services: string[]
  /** domain/batch-sources.ts text of its alerts: what grouping reads. */
  sources: string
  /** The record without feedback, as JSON. */
  doc: string
}

export function toRow(incident: StoredIncident): IncidentRow {
  const { feedback: _feedback, ...rest } = incident
  return {
    id: incident.id,
    created_ms: Date.parse(incident.created_at),
    updated_ms: Date.parse(incident.updated_at),
    group_key: incident.group_key ?? null,
    root_cause: incident.root_cause,
    method: incident.method,
    graph_version: incident.graph_version,
    services: incident.services,
    sources: sourcesText(batchSources(incident.alerts.map((a) => ({ fingerprint: fingerprint(a), tsMs: parseTs(a.ts) ?? 0 })))),
    doc: JSON.stringify(rest),
  }
}

/** A row as both stores read it back: the incident document, its times (epoch ms) and its feedback (JSON). */
export interface DocRow {
  doc: string
  created_ms: number
  updated_ms: number
  feedback: string | null
}

/** A stored row back to the record: the columns win over the document for times and feedback. */
export function fromRow(row: DocRow): StoredIncident {
  const incident = JSON.parse(row.doc) as StoredIncident
  incident.created_at = new Date(Number(row.created_ms)).toISOString()
  incident.updated_at = new Date(Number(row.updated_ms)).toISOString()
  if (row.feedback !== null) incident.feedback = JSON.parse(row.feedback) as IncidentFeedback
  else delete incident.feedback
  return incident
}
