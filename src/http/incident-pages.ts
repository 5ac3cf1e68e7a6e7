/**
 * The HTML side of the incident routes (http/incidents.ts): the incident's
 * page to a browser, the list page of GET /ui, and the answers a plain form
 * post from the page gets (303 back to the page, or a page saying why the
 * feedback was not stored). JSON clients never see these.
 */
import type { StoredIncident } from '../store/incident-record.ts'
import { incidentHref } from '../ui/html.ts'
import { renderIncidentList } from '../ui/incident-list.ts'
import { INCIDENT_PAGE_SCRIPTS, renderIncidentPage } from '../ui/incident-page.ts'
import { renderMessagePage } from '../ui/message-page.ts'
import { ForbiddenError, UnauthorizedError } from './bearer-auth.ts'
import { htmlResponse } from './html-response.ts'
import { signInResponse } from './session-routes.ts'
import { cookieValue, SESSION_COOKIE } from './ui-session.ts'

const ALL_INCIDENTS = { href: '/ui', text: 'All incidents' }

/**
 * A page route's check when AIOPS_API_TOKEN is set: null lets the request through (a session
 * or a bearer header); otherwise the sign-in page, which shows no incident data, and says so
 * when the browser's session was refused (expired, forged, or made with a previous token).
 */
export function signInGate(auth: ((ctx: { request: Request }) => void) | undefined, request: Request): Response | null {
  if (!auth) return null
  try {
    auth({ request })
    return null
  } catch (e) {
    if (!(e instanceof UnauthorizedError || e instanceof ForbiddenError)) throw e
    const url = new URL(request.url)
    const hadSession = Boolean(cookieValue(request.headers.get('cookie'), SESSION_COOKIE))
    return signInResponse(`${url.pathname}${url.search}`, hadSession ? 'Your session has ended (it expired or the token changed): sign in again.' : undefined)
  }
}

/** GET /incidents/{id} to a browser: the page, or a page saying it is not kept. */
export function incidentPageResponse(incident: StoredIncident | null, id: string, opts: { signedIn: boolean }): Response {
  if (!incident)
    return htmlResponse(renderMessagePage('Incident not found', `No incident ${id} is stored (it may be older than the retention).`, ALL_INCIDENTS), [], 404)
  return htmlResponse(renderIncidentPage(incident, opts), INCIDENT_PAGE_SCRIPTS)
}

/** GET /ui: recent incidents, newest first as given. */
export function incidentListResponse(rows: readonly StoredIncident[], opts: { signedIn: boolean }): Response {
  return htmlResponse(renderIncidentList(rows, opts))
}

/** GET /ui with the store off. */
export function storeOffPage(): Response {
  return htmlResponse(
    renderMessagePage('Incidents are not kept', 'This server runs with AIOPS_STORE=off: answers are not stored, so there is nothing to list.', {
      href: '/swagger',
      text: 'API',
    }),
    [],
    404,
  )
}

/** A plain form post stored: back to the page, which now shows the feedback. */
export function backToIncident(id: string): Response {
  return new Response(null, { status: 303, headers: { location: incidentHref(id) } })
}

/** A plain form post refused (a bad field): a page saying why, with the way back. */
export function feedbackRefusedPage(id: string, message: string, status: number): Response {
  return htmlResponse(renderMessagePage('Feedback not stored', message, { href: incidentHref(id), text: 'Back to the incident' }), [], status)
}
