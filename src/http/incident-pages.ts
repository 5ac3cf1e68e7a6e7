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
import { htmlResponse } from './html-response.ts'

const ALL_INCIDENTS = { href: '/ui', text: 'All incidents' }

/** GET /incidents/{id} to a browser: the page, or a page saying it is not kept. */
export function incidentPageResponse(incident: StoredIncident | null, id: string, opts: { tokenRequired: boolean }): Response {
  if (!incident)
    return htmlResponse(renderMessagePage('Incident not found', `No incident ${id} is stored (it may be older than the retention).`, ALL_INCIDENTS), [], 404)
  return htmlResponse(renderIncidentPage(incident, opts), INCIDENT_PAGE_SCRIPTS)
}

/** GET /ui: recent incidents, newest first as given. */
export function incidentListResponse(rows: readonly StoredIncident[]): Response {
  return htmlResponse(renderIncidentList(rows))
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
