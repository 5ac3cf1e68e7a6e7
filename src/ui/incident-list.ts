/**
 * GET /ui: recent incidents as a table, newest first as given: when, which
 * services, the root and its confidence, how many alerts, and whether an
 * operator confirmed or corrected it, each linking to its page.
 */
import type { StoredIncident } from '../store/incident-record.ts'
import { esc, incidentHref, percent } from './html.ts'
import { pageShell } from './page-shell.ts'
import { SIGN_OUT_FORM } from './sign-in-page.ts'

export type IncidentListRow = Pick<StoredIncident, 'id' | 'created_at' | 'root_cause' | 'confidence' | 'alert_count' | 'services' | 'feedback'>

// Services named in a row before the rest is counted: the list stays one line per incident.
const SHOWN_SERVICES = 3

function feedbackCell(f: IncidentListRow['feedback']): string {
  if (!f) return 'none'
  return f.outcome === 'top1' ? `confirmed (${esc(f.root_cause)})` : `corrected to ${esc(f.root_cause)} (${f.outcome})`
}

/**
 * @example renderIncidentList(await store.list({ limit: 50 }))
 */
export function renderIncidentList(rows: readonly IncidentListRow[], opts: { signedIn?: boolean } = {}): string {
  const body = rows
    .map((r) => {
      const shown = r.services
        .slice(0, SHOWN_SERVICES)
        .map((s) => esc(s))
        .join(', ')
      const more = r.services.length > SHOWN_SERVICES ? ` <small>+${r.services.length - SHOWN_SERVICES} more</small>` : ''
      return (
        `<tr><td><time datetime="${esc(r.created_at)}">${esc(r.created_at)}</time></td>` +
        `<th scope="row"><a href="${esc(incidentHref(r.id))}">${esc(r.root_cause)}</a> <small>${esc(r.id)}</small></th>` +
        `<td>${shown}${more}</td><td class="num">${percent(r.confidence)}</td><td class="num">${r.alert_count}</td><td>${feedbackCell(r.feedback)}</td></tr>`
      )
    })
    .join('')
  const table = rows.length
    ? `<table class="list"><caption>${rows.length} most recent incidents</caption><thead><tr><th scope="col">Time (UTC)</th><th scope="col">Root cause</th><th scope="col">Services</th><th scope="col">Confidence</th><th scope="col">Alerts</th><th scope="col">Feedback</th></tr></thead><tbody>${body}</tbody></table>`
    : '<p>No incident stored yet. Reports of POST /incident and POST /alertmanager are kept here.</p>'
  return pageShell({
    title: 'Incidents',
    body: `<header><h1>Incidents</h1>${opts.signedIn ? SIGN_OUT_FORM : ''}</header>\n<main>${table}</main>\n<footer>aiops-serve</footer>`,
  })
}
