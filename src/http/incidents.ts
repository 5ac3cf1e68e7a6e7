/**
 * The incident store's routes: GET /incidents (newest first, filtered by
 * service and time), GET /incidents/:id, POST /incidents/:id/feedback (an
 * operator confirms or corrects the root cause; acknowledged only once it is
 * stored) and GET /admin/accuracy (live top-1/top-3 from that feedback).
 * A store that is down answers 503; an unknown id 404; a bad field 422
 * naming it. The JSON answers come from plain functions (incidentView,
 * listView); a browser gets the same reads as pages (GET /ui, the incident
 * page, http/incident-pages.ts), and the page's plain form post is feedback too.
 */
import { Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { Elysia } from 'elysia'
import { parseTs } from '../domain/time.ts'
import { InvalidFieldError } from '../domain/errors.ts'
import type { StoredIncident } from '../store/incident-record.ts'
import { StoreUnavailableError, type FeedbackInput, type IncidentService } from '../store/incident-service.ts'
import { fieldName, MalformedJsonError, NotReadyError } from '../incident/errors.ts'
import { readBoundedText } from './limits.ts'
import { feedbackFromForm, isFormPost } from './feedback-input.ts'
import { wantsHtml } from './html-response.ts'
import { backToIncident, feedbackRefusedPage, incidentListResponse, incidentPageResponse, signInGate, storeOffPage } from './incident-pages.ts'
import { errorResponses, jsonResponse, textResponse } from './openapi.ts'

const STORE_DOWN = { 503: 'The incident store is down or failing (answers to alerts are not affected)' }
const API_TOKEN = { 401: 'No bearer token, when AIOPS_API_TOKEN is set', 403: 'Wrong bearer token, when AIOPS_API_TOKEN is set' }

// A page of incidents: enough for a day of a noisy system, small enough to answer at once.
export const LIST_DEFAULT_LIMIT = 50
export const LIST_MAX_LIMIT = 500

export const FeedbackBody = Type.Object(
  {
    root_cause: Type.String({ minLength: 1, maxLength: 256, description: "The service that really was the root cause (the answer's root = a confirmation)" }),
    actions: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 50, description: 'What fixed it; recommended for similar incidents' }),
    ),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false, examples: [{ root_cause: 'payment-db', actions: ['Raise payment-db max_connections'], note: 'pool exhausted after deploy' }] },
)

// A verdict is a root, a few actions and a note: far below this; more is not feedback.
const FEEDBACK_MAX_BYTES = 64 * 1024
const checkFeedback = TypeCompiler.Compile(FeedbackBody)

/**
 * The feedback body read and checked in the handler, after the bearer check,
 * so a caller without the token gets 401 whatever it sent. JSON whatever the
 * content type, or a plain form post from the incident page (`answerRoot` is
 * what its "Confirm" button confirms); 400 when not JSON, 422 naming the
 * first bad field.
 */
export async function readFeedback(request: Request, answerRoot?: string): Promise<FeedbackInput> {
  const text = await readBoundedText(request, FEEDBACK_MAX_BYTES)
  let value: unknown
  if (isFormPost(request)) value = feedbackFromForm(text, answerRoot)
  else {
    try {
      value = JSON.parse(text)
    } catch (e) {
      if (e instanceof SyntaxError) throw new MalformedJsonError()
      throw e
    }
  }
  if (checkFeedback.Check(value)) return value
  const first = checkFeedback.Errors(value).First()
  const field = fieldName(first?.path)
  throw new InvalidFieldError(field, `${field}: ${first?.message ?? 'invalid value'}`)
}

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
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT)
      throw new InvalidFieldError('limit', `limit: expected an integer from 1 to ${LIST_MAX_LIMIT}`)
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

/** A bearer check run before a handler (http/bearer-auth.ts); throws 401/403. */
export type AuthHook = (ctx: { request: Request }) => void

export interface IncidentRoutesOptions {
  /** Guards the JSON reads of /incidents* (AIOPS_API_TOKEN): the bearer header only; absent = open, like the alert routes. */
  auth?: AuthHook
  /**
   * Guards the pages (GET /ui, the incident page) and the feedback post: the bearer header or the
   * browser's session cookie (same origin for the post). A page without either gets the sign-in page.
   */
  pageAuth?: AuthHook
  /** Guards /admin/accuracy (AIOPS_ADMIN_TOKEN); absent = the route does not exist (never open). */
  adminAuth?: AuthHook
}

export function incidentStoreRoutes(service: IncidentService, opts: IncidentRoutesOptions = {}) {
  const guard = opts.auth ? { beforeHandle: opts.auth } : {}
  const pageAuth = opts.pageAuth ?? opts.auth
  const feedbackGuard = pageAuth ? { beforeHandle: pageAuth } : {}
  const signedIn = Boolean(pageAuth)
  const routes = new Elysia({ name: 'http/incidents' })
    .get(
      '/ui',
      async ({ request }) =>
        signInGate(pageAuth, request) ?? incidentListResponse(await available(() => service.list({ limit: LIST_DEFAULT_LIMIT })), { signedIn }),
      {
        detail: {
          summary: 'Recent incidents as a page (root, confidence, alerts, feedback), each linking to its page',
          tags: ['incidents'],
          responses: {
            200: textResponse('The page', 'text/html'),
            401: textResponse('AIOPS_API_TOKEN is set and the browser has no valid session: the sign-in page (no incident data)', 'text/html'),
            ...errorResponses([503], STORE_DOWN),
          },
        },
      },
    )
    .get('/incidents', ({ query }) => listView(service, query as ListParams), {
      ...guard,
      detail: {
        summary: 'Kept incidents, newest first (?service=, ?since=RFC 3339 or epoch s, ?limit=)',
        tags: ['incidents'],
        responses: {
          200: jsonResponse('Kept incidents, newest first', 'IncidentList'),
          ...errorResponses([401, 403, 422, 503], { ...API_TOKEN, 422: 'A bad limit or since: the body names it', ...STORE_DOWN }),
        },
      },
    })
    .get(
      '/incidents/:id',
      async ({ params, request, set }) => {
        // A browser following a link cannot send a header: with a token set, the page needs the
        // session its sign-in page gives; the JSON needs the bearer header.
        if (wantsHtml(request)) return signInGate(pageAuth, request) ?? incidentPageResponse(await incidentView(service, params.id), params.id, { signedIn })
        opts.auth?.({ request })
        const incident = await incidentView(service, params.id)
        if (incident) return incident
        set.status = 404
        return notFound(params.id)
      },
      {
        detail: {
          summary: 'One kept incident: report, alerts, graph, settings, feedback (to a browser, Accept: text/html, the incident page)',
          tags: ['incidents'],
          responses: {
            200: jsonResponse('The incident as kept', 'StoredIncident'),
            ...errorResponses([401, 403, 404, 503], {
              ...API_TOKEN,
              401: 'No bearer token, when AIOPS_API_TOKEN is set (a browser without a session gets the sign-in page, text/html)',
              404: 'No incident with this id',
              ...STORE_DOWN,
            }),
          },
        },
      },
    )
    .post(
      '/incidents/:id/feedback',
      async ({ params, request, set }) => {
        const form = isFormPost(request)
        // The page's "Confirm" button without script names no root: it confirms the stored answer's.
        const answerRoot = form ? (await incidentView(service, params.id))?.report.root_cause.service : undefined
        let input: FeedbackInput
        try {
          input = await readFeedback(request, answerRoot)
        } catch (e) {
          if (form && e instanceof InvalidFieldError) return feedbackRefusedPage(params.id, e.message, 422)
          throw e
        }
        const saved = await available(() => service.feedback(params.id, input))
        if (!saved) {
          set.status = 404
          return notFound(params.id)
        }
        // A plain form post goes back to the page, which now shows the feedback.
        if (form) return backToIncident(params.id)
        return { incident_id: saved.id, feedback: saved.feedback }
      },
      {
        ...feedbackGuard,
        parse: 'none',
        detail: {
          summary: "Confirm or correct the root cause of a kept incident (the bearer header, or the incident page's session cookie from this origin)",
          tags: ['incidents'],
          requestBody: { required: true, content: { 'application/json': { schema: FeedbackBody } } },
          responses: {
            200: jsonResponse('Stored (durably) and scored', 'FeedbackAnswer'),
            ...errorResponses([400, 401, 403, 404, 413, 422, 503], {
              400: 'The body is not JSON',
              ...API_TOKEN,
              403: "Wrong bearer token, or a session cookie on a post not from this server's pages",
              404: 'No incident with this id',
              413: 'A body over 64 KiB',
              ...STORE_DOWN,
            }),
          },
        },
      },
    )
  if (!opts.adminAuth) return routes
  return routes.get('/admin/accuracy', () => available(async () => ({ windows: await service.accuracy() })), {
    beforeHandle: opts.adminAuth,
    detail: {
      summary: 'Live root-cause accuracy from operator feedback (7 and 30 days, by method and graph version)',
      tags: ['admin'],
      responses: { 200: jsonResponse('n, top-1 and top-3 per window', 'Accuracy'), ...errorResponses([401, 403, 503], STORE_DOWN) },
    },
  })
}

/** With the store off, its routes say so instead of a bare "no route"; hidden from the API description. */
export function noStoreRoutes() {
  const off = ({ set }: { set: { status?: number | string } }) => {
    set.status = 404
    return { error: 'store_off', message: 'incidents are not kept (AIOPS_STORE=off)' }
  }
  const hidden = { detail: { hide: true } }
  return new Elysia({ name: 'http/incidents-off' })
    .get('/ui', storeOffPage, hidden)
    .get('/incidents', off, hidden)
    .get('/incidents/:id', off, hidden)
    .post('/incidents/:id/feedback', off, { ...hidden, parse: 'none' })
}
