/**
 * The alert routes' hook into the incident store: after a batch is answered,
 * its incident id is decided (synchronously, cheap) and the write queued,
 * and the answer's JSON gains `incident_id` (and `incident_url` when
 * AIOPS_PUBLIC_URL is set) in front. With no store, or nothing analysed, the
 * answer goes out as it is.
 */
import type { Config } from '../config.ts'
import type { Alert } from '../domain/model.ts'
import type { Snapshot } from '../graph/store.ts'
import { settingsJson, type LiveSettings, type PipelineSettings } from '../live-settings.ts'
import { triageOptions } from '../settings.ts'
import type { StoredIncident } from '../store/incident-record.ts'
import type { IncidentService } from '../store/incident-service.ts'

export interface KeptBatch {
  /** The alerts, or a function reading them from the body text (called only when needed). */
  alerts: readonly Alert[] | (() => readonly Alert[])
  /** The request body text, when the route has it: an exact re-send is then recognised by its hash. */
  text?: string
  /** Alertmanager's groupKey. */
  groupKey?: string
}

/** The report's JSON with the incident reference as its first fields. */
export function withIncidentRef(json: string, ref: { id: string; url?: string }): string {
  const head =
    ref.url === undefined ? `{"incident_id":${JSON.stringify(ref.id)}` : `{"incident_id":${JSON.stringify(ref.id)},"incident_url":${JSON.stringify(ref.url)}`
  return json.length > 2 ? `${head},${json.slice(1)}` : `${head}}`
}

/**
 * The alerts of a POST /incident body the answer path already parsed and checked,
 * parsed on the first call only: the store and the shadow share one reading.
 */
export function alertsOfBody(text: string): () => readonly Alert[] {
  let alerts: readonly Alert[] | undefined
  return () => (alerts ??= (JSON.parse(text) as { alerts: Alert[] }).alerts)
}

/**
 * The function a route keeps its answers with; with no store it returns the answer as it is.
 * @example const keep = incidentKeeper(deps.incidents, config); return sendReport(keep(answer, { alerts, text }, snapshot), set, …)
 */
export function incidentKeeper(incidents: IncidentService | undefined, config: Config, live?: LiveSettings) {
  const fixed = triageOptions(config)
  // The settings the request ran with (a shadow promotion changes them), in the record's spelling; made once per settings object.
  let made: { from: PipelineSettings; json: StoredIncident['settings'] } = { from: fixed, json: settingsJson(fixed) }
  return <A extends { json: string; clusters: number; sources?: string }>(answer: A, batch: KeptBatch, snapshot: Snapshot | undefined): A => {
    const now = live?.current ?? fixed
    if (made.from !== now) made = { from: now, json: settingsJson(now) }
    return keepIncident(incidents, answer, batch, snapshot, made.json)
  }
}

/** @param snapshot the graph version the batch was answered against */
export function keepIncident<A extends { json: string; clusters: number; sources?: string }>(
  incidents: IncidentService | undefined,
  answer: A,
  batch: KeptBatch,
  snapshot: Snapshot | undefined,
  settings: StoredIncident['settings'],
): A {
  // Nothing analysed (every alert resolved): no incident to keep.
  if (!incidents || !snapshot || answer.clusters === 0) return answer
  const ref = incidents.record({
    alerts: batch.alerts,
    report: answer.json,
    graph: snapshot.graph,
    settings,
    ...(batch.groupKey !== undefined ? { groupKey: batch.groupKey } : {}),
    ...(answer.sources !== undefined ? { sources: answer.sources } : {}),
    ...(batch.text !== undefined ? { textKey: Bun.hash.wyhash(batch.text, 0n).toString(36) } : {}),
  })
  return { ...answer, json: withIncidentRef(answer.json, ref) }
}
