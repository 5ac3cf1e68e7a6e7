/**
 * Shapes of the evaluation scenario files (`<topology>.jsonl`, one scenario per line) as
 * described in eval-public/README.md. Shared by the scorer, the eval runner and the
 * scenario generator, so a generated file is by construction readable by the evaluator.
 * Types only: no IO, no behaviour.
 */

export type Severity = 'critical' | 'warning' | 'info'

/** One alert exactly as it is POSTed to /incident (contract "Alert"). */
export interface ScenarioAlert {
  id: string
  ts: string | number
  service: string
  metric: string
  severity: Severity
  value: number
  threshold: number
  labels?: Record<string, string>
}

/** One true incident inside a batch. Extra fields beyond the README's are optional. */
export interface TruthIncident {
  root: string
  alert_ids: string[]
  fault: string
  silent_root: boolean
  affected_services: string[]
  /** A caller in the incident that is missing from the written graph, if any. */
  stale_caller?: string | null
  /** How this incident is kept apart from the earlier ones: in time or in the graph. */
  separation?: string | null
  /** Undirected graph distance from the earlier incidents' services (0 when they share one). */
  min_distance?: number | null
}

export interface Truth {
  /** Root of the incident with the most alerts. */
  primary_root: string
  incidents: TruthIncident[]
  noise_alert_ids: string[]
}

export interface ScenarioMeta {
  n_alerts: number
  n_incidents: number
  /** The named situation the generator modelled (bench/gen/situations.ts); absent in older files. */
  situation?: string
  /** What the situation put where (quiet callees, edge alerts, chronic services), for checks and debugging. */
  situation_detail?: Record<string, unknown>
  ts_style?: string
  /** false for real faults: which alerts belong together is unknown, so only the root is scored. */
  score_clustering?: boolean
  knobs?: { size_class?: string } & Record<string, unknown>
}

export interface Scenario {
  name: string
  topology: string
  alerts: ScenarioAlert[]
  truth: Truth
  meta?: ScenarioMeta
}

/** Contract service-graph document (services.json format). */
export interface GraphDocument {
  version: string
  source: string
  services: { name: string; tier: Tier }[]
  edges: { from: string; to: string }[]
}

/** Contract history entry and service tier: the service's own types, so the two never drift. */
import type { Incident, Tier } from '../../src/domain/model.ts'
export type { Tier }
export type HistoryIncident = Incident
