/**
 * An in-memory incident store for the page's own test server (the page tested
 * before and apart from the real routes): get, list newest first, feedback
 * scored top1 / top3 / miss against the stored answer's candidates, and a
 * record of every feedback it took.
 */
import type { StoredIncident } from '../../src/store/incident-record.ts'
import type { FeedbackInput } from '../../src/store/incident-service.ts'

export interface MemoryIncidents {
  taken: Array<{ id: string; input: FeedbackInput }>
  get(id: string): Promise<StoredIncident | null>
  list(query: { limit: number }): Promise<StoredIncident[]>
  feedback(id: string, input: FeedbackInput): Promise<StoredIncident | null>
}

export function memoryIncidents(incidents: StoredIncident[]): MemoryIncidents {
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
