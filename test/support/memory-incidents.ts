/**
 * An in-memory incident store for the page route tests: what the pages need
 * (get, list newest first, feedback scored top1 / top3 / miss against the
 * stored answer's candidates) and a record of every feedback it took.
 */
import type { FeedbackInput } from '../../src/http/feedback-input.ts'
import type { IncidentPagesStore } from '../../src/http/incident-pages.ts'
import type { StoredIncident } from '../../src/store/incident-record.ts'

export function memoryIncidents(incidents: StoredIncident[]): IncidentPagesStore & { taken: Array<{ id: string; input: FeedbackInput }> } {
  const byId = new Map(incidents.map((i) => [i.id, i]))
  const taken: Array<{ id: string; input: FeedbackInput }> = []
  return {
    taken,
    async get(id) {
      return byId.get(id) ?? null
    },
    async list({ limit }) {
      return [...byId.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1)).slice(0, limit)
    },
    async feedback(id, input) {
      const incident = byId.get(id)
      if (!incident) return null
      taken.push({ id, input })
      const rank = incident.report.root_cause.candidates.findIndex((c) => c.service === input.root_cause)
      incident.feedback = {
        root_cause: input.root_cause,
        actions: input.actions ?? [],
        note: input.note,
        at: '2026-11-20T15:00:00Z',
        outcome: rank === 0 ? 'top1' : rank > 0 && rank < 3 ? 'top3' : 'miss',
      }
      return incident
    },
  }
}
