import { beforeAll, describe, expect, it } from 'bun:test'
import type { StoredIncident } from '../../src/store/incident-record.ts'
import { wantsHtml } from '../../src/http/html-response.ts'
import { feedbackFromForm } from '../../src/http/feedback-input.ts'
import { createApp } from '../../src/app.ts'
import { json, makeApp, makeDeps, post, req } from '../support/helpers.ts'
import { datasetGraph, reportOf, sampleAlerts, storedIncident } from '../support/incident-fixtures.ts'
import { memoryIncidents } from '../support/memory-incidents.ts'

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const TOKEN = 'page-token-0123456789abcdef'
let cascade: StoredIncident

beforeAll(async () => {
  const { graph, history } = await datasetGraph()
  const alerts = await sampleAlerts('cascade-20')
  cascade = storedIncident('inc-a', alerts, await reportOf(alerts, graph, history), graph)
})

const appWith = (env: Record<string, string> = {}) => {
  const incidents = memoryIncidents([structuredClone(cascade), { ...structuredClone(cascade), id: 'inc-b', created_at: '2026-11-21T00:00:00Z' }])
  return { incidents, app: createApp({ ...makeDeps({ env }), incidentPages: incidents }) }
}
const form = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body,
})

describe('wantsHtml', () => {
  it.each([
    [BROWSER, true], // a browser navigating
    ['*/*', false], // curl
    ['application/json', false],
    ['application/json, text/html;q=0.5', false], // prefers JSON
    ['text/html;q=0', false],
    ['', false],
  ])('Accept %p → %p', (accept, expected) => {
    expect(wantsHtml(new Request('http://localhost/', { headers: accept ? { accept } : {} }))).toBe(expected)
  })
})

describe('feedbackFromForm', () => {
  it('reads root, actions one a line and note; "confirm" takes the answer\'s root', () => {
    expect(feedbackFromForm('root_cause=+payment+&actions=a%0D%0A%0D%0Ab&note=', 'payment-db')).toEqual({ root_cause: 'payment', actions: ['a', 'b'] })
    expect(feedbackFromForm('root_cause=other&confirm=1', 'payment-db').root_cause).toBe('payment-db')
  })

  it('refuses an empty root with a 422 naming root_cause', () => {
    expect(() => feedbackFromForm('root_cause=', 'x')).toThrow('root_cause')
  })
})

describe('GET /incidents/:id', () => {
  it('answers the page to a browser, with its Content-Security-Policy', async () => {
    const res = await req(appWith().app, '/incidents/inc-a', { headers: { accept: BROWSER } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await res.text()).toContain('<h1>Incident inc-a</h1>')
  })

  it('answers the stored record as JSON to everyone else', async () => {
    const res = await req(appWith().app, '/incidents/inc-a')
    expect(res.headers.get('content-type')).toStartWith('application/json')
    expect((await json(res)).report.root_cause.service).toBe('payment-db')
  })

  it('answers 404 as a page or as JSON', async () => {
    const { app } = appWith()
    const page = await req(app, '/incidents/inc-nope', { headers: { accept: BROWSER } })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('No incident inc-nope is stored')
    const res = await req(app, '/incidents/inc-nope')
    expect(res.status).toBe(404)
    expect(await json(res)).toEqual({ error: 'not_found', message: 'no incident inc-nope' })
  })

  it('with a token: the page opens without it (a link cannot carry a header), the JSON does not', async () => {
    const { app } = appWith({ AIOPS_API_TOKEN: TOKEN })
    const page = await req(app, '/incidents/inc-a', { headers: { accept: BROWSER } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('type="password"')
    expect(html).not.toContain(TOKEN)
    expect((await req(app, '/incidents/inc-a')).status).toBe(401)
    expect((await req(app, '/incidents/inc-a', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
  })
})

describe('GET /ui', () => {
  it('lists the stored incidents newest first with links', async () => {
    const res = await req(appWith().app, '/ui')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    expect(html.indexOf('href="/incidents/inc-b"')).toBeGreaterThan(0)
    expect(html.indexOf('href="/incidents/inc-b"')).toBeLessThan(html.indexOf('href="/incidents/inc-a"'))
  })
})

describe('POST /incidents/:id/feedback', () => {
  it('stores JSON feedback and answers it', async () => {
    const { app, incidents } = appWith()
    const res = await post(app, '/incidents/inc-a/feedback', { root_cause: 'payment', actions: ['Restart payment'], note: 'pool' })
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ incident_id: 'inc-a', feedback: { root_cause: 'payment', outcome: 'top3' } })
    expect(incidents.taken).toEqual([{ id: 'inc-a', input: { root_cause: 'payment', actions: ['Restart payment'], note: 'pool' } }])
  })

  it('answers a form post with 303 back to the page, and "confirm" confirms the answer', async () => {
    const { app, incidents } = appWith()
    const res = await req(app, '/incidents/inc-a/feedback', form('root_cause=ignored&confirm=1&actions=&note='))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/incidents/inc-a')
    expect(incidents.taken[0]!.input).toEqual({ root_cause: 'payment-db' })
  })

  it.each([
    ['a JSON body without root_cause', { actions: [] }, 422, 'root_cause'],
    ['an unknown field', { root_cause: 'x', extra: 1 }, 422, 'extra'],
    ['malformed JSON', '{"root_cause":', 400, undefined],
  ])('refuses %s', async (_name, body, status, field) => {
    const res = await post(appWith().app, '/incidents/inc-a/feedback', body)
    expect(res.status).toBe(status)
    if (field) expect((await json(res)).field).toBe(field)
  })

  it('answers a bad form post with a page saying what is wrong', async () => {
    const res = await req(appWith().app, '/incidents/inc-a/feedback', form('root_cause=&actions='))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('root_cause')
  })

  it('answers 404 for an unknown incident', async () => {
    expect((await post(appWith().app, '/incidents/inc-nope/feedback', { root_cause: 'x' })).status).toBe(404)
  })

  it('with a token: 401 without it, 403 with a wrong one, 200 with it; a form post gets a page', async () => {
    const { app, incidents } = appWith({ AIOPS_API_TOKEN: TOKEN })
    expect((await post(app, '/incidents/inc-a/feedback', { root_cause: 'x' })).status).toBe(401)
    expect(
      (
        await post(
          app,
          '/incidents/inc-a/feedback',
          { root_cause: 'x' },
          { 'content-type': 'application/json', authorization: 'Bearer wrong-token-0123456789' },
        )
      ).status,
    ).toBe(403)
    expect(
      (await post(app, '/incidents/inc-a/feedback', { root_cause: 'x' }, { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` })).status,
    ).toBe(200)
    const page = await req(app, '/incidents/inc-a/feedback', form('root_cause=x'))
    expect(page.status).toBe(401)
    expect(await page.text()).toContain('needs its API token')
    expect(incidents.taken).toHaveLength(1)
  })
})

describe('without an incident store', () => {
  it('has no page routes', async () => {
    expect((await req(makeApp(), '/ui')).status).toBe(404)
  })
})
