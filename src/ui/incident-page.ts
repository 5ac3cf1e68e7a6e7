/**
 * The incident page an on-call engineer opens from a link: which service
 * broke first, how it spread, how sure the answer is, what fixed it last
 * time, and a one-click confirm / correct. A pure function of the stored
 * incident: server-rendered HTML with inline SVG, CSS and one small script.
 */
import type { StoredIncident } from '../store/incident-record.ts'
import { alertsById } from './cluster-alerts.ts'
import { clusterSection } from './cluster-section.ts'
import { FEEDBACK_SCRIPT, feedbackForm, feedbackSummary } from './feedback-form.ts'
import { esc, incidentHref, looksStored, percent } from './html.ts'
import { pageShell } from './page-shell.ts'
import { PICTURE_SCRIPT } from './propagation-svg.ts'
import { SIGN_OUT_FORM } from './sign-in-page.ts'

export interface IncidentPageOptions {
  /** AIOPS_API_TOKEN is set and the browser signed in: the page offers to sign out. */
  signedIn?: boolean
}

/** The scripts the incident page carries (for the Content-Security-Policy header). */
export const INCIDENT_PAGE_SCRIPTS: readonly string[] = [FEEDBACK_SCRIPT, PICTURE_SCRIPT]

/**
 * @example renderIncidentPage(await store.get('inc-…'), { signedIn: true })
 */
export function renderIncidentPage(incident: StoredIncident, opts: IncidentPageOptions = {}): string {
  const report = incident.report
  const rc = report.root_cause
  const byId = alertsById(incident.alerts)
  const clusters = report.clusters
  const sections = clusters.map((cluster, index) => {
    const otherAlerting = new Set(clusters.filter((_, i) => i !== index).flatMap((c) => c.services))
    for (const s of cluster.services) otherAlerting.delete(s)
    return clusterSection({ cluster, index, total: clusters.length, byId, graph: incident.graph, otherAlerting })
  })
  const similar = report.similar_incidents
    .map((s) => {
      const id = looksStored(s.id) ? `<a href="${esc(incidentHref(s.id))}">${esc(s.id)}</a>` : esc(s.id)
      return `<tr><th scope="row">${id}</th><td>${percent(s.similarity)}</td><td>${esc(s.root_cause)}</td><td>${esc(s.title)}</td></tr>`
    })
    .join('')
  const actions = report.recommended_actions.map((a) => `<li>${esc(a)}</li>`).join('')
  const nav = clusters.map((c, i) => `<li><a href="#c${i}">Cluster ${i + 1}: ${esc(c.root_cause.service)}</a></li>`).join('')
  const settings = incident.settings
  const body = `<header>
<p><a href="/ui">All incidents</a></p>${opts.signedIn ? SIGN_OUT_FORM : ''}
<h1>Incident ${esc(incident.id)}</h1>
<p class="verdict">Root cause: <strong>${esc(rc.service)}</strong>, confidence ${percent(rc.confidence)} <small>(method ${esc(rc.method)})</small></p>
<dl class="summary">
<dt>Alerts</dt><dd>${incident.alert_count} on ${incident.services.length} services, ${clusters.length} cluster${clusters.length === 1 ? '' : 's'}</dd>
<dt>Created</dt><dd><time datetime="${esc(incident.created_at)}">${esc(incident.created_at)}</time>${incident.updated_at !== incident.created_at ? `, updated <time datetime="${esc(incident.updated_at)}">${esc(incident.updated_at)}</time>` : ''}</dd>
<dt>Graph</dt><dd>${esc(incident.graph_version)}; gap ${settings.gap_sec} s, max hop ${settings.max_hop}, ranking ${esc(settings.rca_method)}</dd>
<dt>Feedback</dt><dd>${esc(feedbackSummary(incident.feedback))}</dd>
</dl>
<nav aria-label="On this page"><ul>${nav}<li><a href="#similar-h">Similar past incidents</a></li><li><a href="#feedback-h">Confirm or correct</a></li></ul></nav>
</header>
<main>
${sections.join('\n') || '<p>No cluster: every alert of this incident was resolved.</p>'}
<section aria-labelledby="similar-h"><h2 id="similar-h">Similar past incidents</h2>
${similar ? `<table><thead><tr><th scope="col">Incident</th><th scope="col">Similarity</th><th scope="col">Root cause</th><th scope="col">Title</th></tr></thead><tbody>${similar}</tbody></table>` : '<p>None found.</p>'}
</section>
<section aria-labelledby="actions-h"><h2 id="actions-h">Recommended actions</h2>
${actions ? `<ol>${actions}</ol>` : '<p>None.</p>'}
</section>
${feedbackForm(incident)}
</main>
<footer>aiops-serve · incident ${esc(incident.id)}</footer>`
  return pageShell({ title: `${incident.id}: ${rc.service} (${percent(rc.confidence)})`, body, scripts: INCIDENT_PAGE_SCRIPTS })
}
