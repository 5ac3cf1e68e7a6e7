/**
 * The incident pages: GET /ui (recent incidents), GET /incidents/{id} as a
 * page to a browser (Accept names text/html) and as the stored record to
 * everyone else, and POST /incidents/{id}/feedback from the page's script
 * (JSON, answered with the stored feedback) or from its plain form post
 * (answered 303 back to the page, or a page saying what was wrong).
 *
 * With AIOPS_API_TOKEN set, JSON reads and every feedback post need the
 * bearer token; the pages themselves open without one, because a browser
 * following a link cannot send a header (the page's form asks for the token
 * and its script sends it). The store behind is anything with get, list and
 * feedback: the incident store's service fits it.
 */
import { Elysia } from 'elysia'
import { InvalidFieldError } from '../domain/errors.ts'
import type { StoredIncident } from '../store/incident-record.ts'
import { incidentHref } from '../ui/html.ts'
import { renderIncidentList } from '../ui/incident-list.ts'
import { INCIDENT_PAGE_SCRIPTS, renderIncidentPage } from '../ui/incident-page.ts'
import { renderMessagePage } from '../ui/message-page.ts'
import { ForbiddenError, UnauthorizedError } from './bearer-auth.ts'
import { isFormPost, readFeedback, type FeedbackInput } from './feedback-input.ts'
import { htmlResponse, wantsHtml } from './html-response.ts'
import { errorResponses, textResponse } from './openapi.ts'

/** What the pages read and write. */
export interface IncidentPagesStore {
  get(id: string): Promise<StoredIncident | null>
  /** Newest first. */
  list(query: { limit: number }): Promise<StoredIncident[]>
  /** The incident with the feedback stored, or null when the id is unknown. */
  feedback(id: string, input: FeedbackInput): Promise<StoredIncident | null>
}

export interface IncidentPagesOptions {
  /** The AIOPS_API_TOKEN check (http/bearer-auth.ts); absent = everything open. */
  auth?: (ctx: { request: Request }) => void
  /** A token is set: the page's form asks for it. */
  tokenRequired?: boolean
}

// Rows on GET /ui: a day of a noisy system on one screen; older ones through GET /incidents.
const UI_LIST_LIMIT = 50

const ALL_INCIDENTS = { href: '/ui', text: 'All incidents' }

export function incidentPageRoutes(store: IncidentPagesStore, opts: IncidentPagesOptions = {}) {
  const tokenRequired = opts.tokenRequired ?? Boolean(opts.auth)
  const requireToken = (request: Request) => opts.auth?.({ request })
  const notFound = (id: string, html: boolean, set: { status?: number | string }) => {
    if (html)
      return htmlResponse(renderMessagePage('Incident not found', `No incident ${id} is stored (it may be older than the retention).`, ALL_INCIDENTS), [], 404)
    set.status = 404
    return { error: 'not_found', message: `no incident ${id}` }
  }

  return new Elysia({ name: 'http/incident-pages' })
    .get('/ui', async () => htmlResponse(renderIncidentList(await store.list({ limit: UI_LIST_LIMIT }))), {
      detail: {
        summary: 'Recent incidents as a page (root, confidence, alerts, feedback), each linking to its page',
        tags: ['incidents'],
        responses: { 200: textResponse('The page', 'text/html'), ...errorResponses([500]) },
      },
    })
    .get(
      '/incidents/:id',
      async ({ params, request, set }) => {
        const html = wantsHtml(request)
        if (!html) requireToken(request)
        const incident = await store.get(params.id)
        if (!incident) return notFound(params.id, html, set)
        return html ? htmlResponse(renderIncidentPage(incident, { tokenRequired }), INCIDENT_PAGE_SCRIPTS) : incident
      },
      { detail: { summary: 'One kept incident: the page to a browser (Accept: text/html), the stored record as JSON otherwise', tags: ['incidents'] } },
    )
    .post(
      '/incidents/:id/feedback',
      async ({ params, request, set }) => {
        const form = isFormPost(request)
        const back = { href: incidentHref(params.id), text: 'Back to the incident' }
        try {
          requireToken(request)
          const incident = await store.get(params.id)
          if (!incident) return notFound(params.id, form, set)
          const saved = await store.feedback(params.id, await readFeedback(request, incident.report.root_cause.service))
          if (!saved) return notFound(params.id, form, set)
          if (form) return new Response(null, { status: 303, headers: { location: incidentHref(params.id) } })
          return { incident_id: saved.id, feedback: saved.feedback }
        } catch (e) {
          // A plain form post gets a page it can read; JSON clients the usual JSON errors.
          if (form && e instanceof InvalidFieldError) return htmlResponse(renderMessagePage('Feedback not stored', e.message, back), [], 422)
          if (form && (e instanceof UnauthorizedError || e instanceof ForbiddenError)) {
            return htmlResponse(
              renderMessagePage(
                'Feedback not stored',
                'This server needs its API token for feedback: open the page with JavaScript on and enter the token in the form.',
                back,
              ),
              [],
              e instanceof UnauthorizedError ? 401 : 403,
            )
          }
          throw e
        }
      },
      { parse: 'none', detail: { summary: 'Confirm or correct the root cause of a kept incident (JSON, or a form post from the page)', tags: ['incidents'] } },
    )
}
