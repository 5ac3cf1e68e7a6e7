/**
 * The incident store's routes: GET /incidents (newest first, filtered by
 * service and time), GET /incidents/:id, POST /incidents/:id/feedback (an
 * operator confirms or corrects the root cause; acknowledged only once it is
 * stored) and GET /admin/accuracy (live top-1/top-3 from that feedback).
 * A store that is down answers 503; an unknown id 404; a bad field 422
 * naming it. The JSON answers come from plain functions (incidentView,
 * listView) so an HTML page can wrap the same reads.
 */
import { Type } from '@sinclair/typebox'
import { Elysia } from 'elysia'
import { parseTs } from '../domain/time.ts'
import { InvalidFieldError } from '../domain/errors.ts'
import type { StoredIncident } from '../store/incident-record.ts'
import { StoreUnavailableError, type IncidentService } from '../store/incident-service.ts'
import { NotReadyError } from './error-types.ts'

// A page of incidents: enough for a day of a noisy system, small enough to answer at once.
export const LIST_DEFAULT_LIMIT = 50
export const LIST_MAX_LIMIT = 500

export const FeedbackBody = Type.Object(
  {
    root_cause: Type.String({ minLength: 1, maxLength: 256, description: 'The service that really was the root cause (the answer\'s root = a confirmation)' }),
    actions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 50, description: 'What fixed it; recommended for similar incidents' })),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false, examples: [{ root_cause: 'payment-db', actions: ['Raise payment-db max_connections'], note: 'pool exhausted after deploy' }] },
)

/** One row of GET /incidents: the record without its report, alerts and graph. */
export function summary(inc: StoredIncident) {
  const { report: _r, alerts: _a, graph: _g, ...rest } = inc
  return rest
}

export interface ListParams {
  service?: string
  since?: string
  limit?: string
}

/** The parsed GET /incidents query; throws a 422 naming the bad parameter. */
export function listQuery(q: ListParams): { service?: string; sinceMs?: number; limit: number } {
  let limit = LIST_DEFAULT_LIMIT
  if (q.limit !== undefined) {
    limit = Number(q.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT) throw new InvalidFieldError('limit', `limit: expected an integer from 1 to ${LIST_MAX_LIMIT}`)
  }
  let sinceMs: number | undefined
  if (q.since !== undefined) {
    const raw = /^\d+(\.\d+)?$/.test(q.since) ? Number(q.since) : q.since
    sinceMs = parseTs(raw) ?? undefined
    if (sinceMs === undefined) throw new InvalidFieldError('since', 'since: expected an RFC 3339 time or epoch seconds')
  }
  return { ...(q.service ? { service: q.service } : {}), ...(sinceMs !== undefined ? { sinceMs } : {}), limit }
}

async function available<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (e) {
    if (e instanceof StoreUnavailableError) throw new NotReadyError(e.message)
    throw e
  }
}

/** GET /incidents/:id as data: the stored incident, or null when unknown. 503 (NotReadyError) when the store is down. */
export const incidentView = (service: IncidentService, id: string) => available(() => service.get(id))

/** GET /incidents as data. */
export async function listView(service: IncidentService, q: ListParams) {
  const query = listQuery(q)
  const rows = await available(() => service.list(query))
  return { incidents: rows.map(summary), count: rows.length }
}

const notFound = (id: string) => ({ error: 'not_found', message: `no incident ${id}` })

export function incidentStoreRoutes(service: IncidentService) {
  return new Elysia({ name: 'http/incidents' })
    .get('/incidents', ({ query }) => listView(service, query as ListParams), {
      detail: { summary: 'Kept incidents, newest first (?service=, ?since=RFC 3339 or epoch s, ?limit=)', tags: ['incidents'] },
    })
    .get(
      '/incidents/:id',
      async ({ params, set }) => {
        const incident = await incidentView(service, params.id)
        if (incident) return incident
        set.status = 404
        return notFound(params.id)
      },
      { detail: { summary: 'One kept incident: report, alerts, graph, settings, feedback', tags: ['incidents'] } },
    )
    .post(
      '/incidents/:id/feedback',
      async ({ params, body, set }) => {
        const saved = await available(() => service.feedback(params.id, body))
        if (!saved) {
          set.status = 404
          return notFound(params.id)
        }
        return { incident_id: saved.id, feedback: saved.feedback }
      },
      {
        parse: 'json',
        body: FeedbackBody,
        detail: { summary: 'Confirm or correct the root cause of a kept incident', tags: ['incidents'] },
      },
    )
    .get('/admin/accuracy', () => available(async () => ({ windows: await service.accuracy() })), {
      detail: { summary: 'Live root-cause accuracy from operator feedback (7 and 30 days, by method and graph version)', tags: ['admin'] },
    })
}
