import { beforeAll, describe, expect, it } from 'bun:test'
import { createHash } from 'node:crypto'
import type { StoredIncident } from '../../src/store/incident-record.ts'
import { renderIncidentList } from '../../src/ui/incident-list.ts'
import { INCIDENT_PAGE_SCRIPTS, renderIncidentPage } from '../../src/ui/incident-page.ts'
import { datasetGraph, reportOf, sampleAlerts, storedIncident } from '../support/incident-fixtures.ts'

const HOSTILE = '<script>window.__pwned=1</script>'
let cascade: StoredIncident

beforeAll(async () => {
  const { graph, history } = await datasetGraph()
  const alerts = await sampleAlerts('cascade-20')
  cascade = storedIncident('inc-cascade', alerts, await reportOf(alerts, graph, history), graph)
})

/** The same incident with hostile text in every user-supplied field the page shows. */
function hostile(incident: StoredIncident): StoredIncident {
  const rename = (s: string) => (s === 'web-frontend' ? `web${HOSTILE}` : s)
  const copy = structuredClone(incident)
  copy.id = `inc-"><img src=x onerror=window.__pwned=2>`
  copy.alerts = copy.alerts.map((a) => ({
    ...a,
    service: rename(a.service),
    metric: a.metric,
    labels: { ...a.labels, team: `<img src=x onerror=window.__pwned=3>` },
  }))
  copy.services = copy.services.map(rename)
  for (const c of copy.report.clusters) {
    c.services = c.services.map(rename)
    c.root_cause.evidence!.paths = c.root_cause.evidence!.paths.map((p) => p.map(rename))
    c.root_cause.evidence!.reasons.push(`because ${HOSTILE}`)
  }
  copy.graph.nodes = copy.graph.nodes.map((n) => ({ ...n, name: rename(n.name) }))
  copy.graph.edges = copy.graph.edges.map((e) => ({ from: rename(e.from), to: rename(e.to) }))
  copy.report.similar_incidents[0]!.title = HOSTILE
  copy.report.recommended_actions.push(HOSTILE)
  copy.feedback = { root_cause: HOSTILE, actions: [HOSTILE], note: `</textarea>${HOSTILE}`, at: '2026-11-20T15:00:00Z', outcome: 'miss' }
  return copy
}

describe('renderIncidentPage', () => {
  it('draws one box per service of the picture and marks the root in shape and text', () => {
    const html = renderIncidentPage(cascade)
    const boxes = [...html.matchAll(/<g class="node [^"]*" data-role="([^"]+)"(?: data-service="([^"]*)")?/g)]
    const services = boxes.filter((b) => b[2]).map((b) => b[2])
    expect(services.sort()).toEqual(['api-gateway', 'checkout', 'payment', 'payment-db', 'web-frontend'])
    expect(boxes.find((b) => b[2] === 'payment-db')![1]).toBe('root')
    expect(html).toMatch(/data-service="payment-db">[\s\S]*?ROOT · 5 alerts · resource/)
    expect(html).toContain('<rect class="inner"') // the root's double border
  })

  it('shows the verdict, candidates, reasons, paths, timeline, similar incidents and actions', () => {
    const html = renderIncidentPage(cascade)
    expect(html).toContain('Root cause: <strong>payment-db</strong>')
    expect(html).toContain('<code>payment-db → payment → checkout → api-gateway → web-frontend</code>')
    expect(html).toContain('explains 5/5 alerting services')
    expect(html).toContain('<table class="timeline">')
    // Onset order: payment-db first, web-frontend last.
    const rows = [...html.matchAll(/<tr id="c0-row-\d+"[^>]*>.*?<th scope="row">([^ <]+)/g)].map((m) => m[1])
    expect(rows).toEqual(['payment-db', 'payment', 'checkout', 'api-gateway', 'web-frontend'])
    expect(html).toContain('INC-2026-0112') // a history id: shown, not linked
    expect(html).not.toContain('href="/incidents/INC-')
    expect(html).toContain(cascade.report.recommended_actions[0]!)
  })

  it('links a similar incident whose id looks stored', () => {
    const copy = structuredClone(cascade)
    copy.report.similar_incidents[0]!.id = 'inc-20261101-abc'
    expect(renderIncidentPage(copy)).toContain('<a href="/incidents/inc-20261101-abc">inc-20261101-abc</a>')
  })

  it('escapes hostile service names, labels, titles and notes everywhere', () => {
    const html = renderIncidentPage(hostile(cascade))
    expect(html).not.toContain('<script>window')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('web&lt;script&gt;window.__pwned=1&lt;/script&gt;')
    expect(html).toContain('team=&lt;img src=x onerror=window.__pwned=3&gt;')
    expect(html).not.toContain('</textarea><script>')
  })

  it('never asks for the token (the session does), and offers to sign out only when signed in', () => {
    expect(renderIncidentPage(cascade)).not.toContain('type="password"')
    expect(renderIncidentPage(cascade)).not.toContain('/ui/session/delete')
    const html = renderIncidentPage(cascade, { signedIn: true })
    expect(html).not.toContain('type="password"')
    expect(html).toContain('<form method="post" action="/ui/session/delete"')
    for (const s of INCIDENT_PAGE_SCRIPTS) expect(s).not.toContain('sessionStorage')
  })

  it('allows only its own inline scripts, by hash, and nothing from outside', () => {
    const html = renderIncidentPage(cascade)
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1]!.replaceAll('&#39;', "'")
    for (const s of INCIDENT_PAGE_SCRIPTS) expect(csp).toContain(`'sha256-${createHash('sha256').update(s).digest('base64')}'`)
    expect(csp).toContain("default-src 'none'")
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })
})

describe('renderIncidentPage on thin records', () => {
  it('renders an incident whose alerts were all resolved (no cluster)', () => {
    const empty = structuredClone(cascade)
    empty.report = {
      clusters: [],
      root_cause: { service: 'unknown', confidence: 0, method: 'graph-explain', candidates: [] },
      recommended_actions: [],
      similar_incidents: [],
    }
    const html = renderIncidentPage(empty)
    expect(html).toContain('No cluster: every alert of this incident was resolved.')
    expect(html).not.toContain('<svg')
  })

  it('draws the paths of a record kept without its graph or its alerts', () => {
    const thin = structuredClone(cascade)
    thin.graph = { nodes: [], edges: [] }
    thin.alerts = []
    const html = renderIncidentPage(thin)
    expect((html.match(/class="edge on-path"/g) ?? []).length).toBe(4)
    expect(html).toContain('data-role="root" data-service="payment-db"')
  })
})

describe('renderIncidentList', () => {
  it('lists incidents with their root, confidence, alert count and feedback state, linked', () => {
    const confirmed = { ...cascade, id: 'inc-b', feedback: { root_cause: 'payment-db', actions: [], at: '2026-11-20T15:00:00Z', outcome: 'top1' as const } }
    const html = renderIncidentList([cascade, confirmed])
    expect(html).toContain('<a href="/incidents/inc-cascade">payment-db</a>')
    expect(html).toContain(`${Math.round(cascade.confidence * 100)} %`)
    expect(html).toContain('<td class="num">20</td>')
    expect(html).toContain('confirmed (payment-db)')
    expect(html).toMatch(/<td>none<\/td>/)
  })

  it('escapes a hostile root and says when nothing is stored', () => {
    expect(renderIncidentList([{ ...cascade, root_cause: HOSTILE }])).not.toContain('<script>window')
    expect(renderIncidentList([])).toContain('No incident stored yet')
  })
})
