/**
 * The incident routes' HTML side through the real app and a real incident
 * store (SQLite in a temp dir): alerts answered by POST /incident are kept,
 * GET /incidents/{id} answers the page to a browser and JSON otherwise, GET
 * /ui lists them, and the page's plain form post stores feedback and returns
 * to the page.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { feedbackFromForm } from '../../src/http/feedback-input.ts'
import { wantsHtml } from '../../src/http/html-response.ts'
import { alert, json, makeApp, post, req } from '../support/helpers.ts'
import { serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir } from '../support/processes.ts'

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const TOKEN = 'page-token-0123456789abcdef'
const dir = tempDir('aiops-pages-')
const harnesses: ServiceHarness[] = []
afterAll(async () => {
  for (const h of harnesses) await h.service.close()
  rmSync(dir, { recursive: true, force: true })
})

/** An app with a store, and one incident answered (and so kept) through POST /incident. */
async function setup(env: Record<string, string> = {}) {
  const h = serviceOn(join(dir, `p${harnesses.length}.db`))
  harnesses.push(h)
  const app = makeApp({ env, store: h.graphs, incidents: h.service })
  const auth: Record<string, string> = env.AIOPS_API_TOKEN ? { authorization: `Bearer ${env.AIOPS_API_TOKEN}` } : {}
  const cascade = [
    alert('payment-db', 'conn_pool_used', 0),
    alert('payment-db', 'conn_pool_used', 30),
    alert('payment', 'latency_p99_ms', 20),
    alert('checkout', 'error_rate', 40),
  ]
  const answered = await json(post(app, '/incident', { alerts: cascade }, { 'content-type': 'application/json', ...auth }))
  return { app, id: answered.incident_id as string, root: answered.root_cause.service as string, auth }
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
})

describe('GET /incidents/:id', () => {
  it("answers the kept incident's page to a browser, with its Content-Security-Policy", async () => {
    const { app, id } = await setup()
    const res = await req(app, `/incidents/${id}`, { headers: { accept: BROWSER } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await res.text()).toContain(`<h1>Incident ${id}</h1>`)
  })

  it('answers the stored record as JSON to everyone else', async () => {
    const { app, id, root } = await setup()
    const res = await req(app, `/incidents/${id}`)
    expect(res.headers.get('content-type')).toStartWith('application/json')
    expect((await json(res)).report.root_cause.service).toBe(root)
  })

  it('answers 404 as a page or as JSON', async () => {
    const { app } = await setup()
    const page = await req(app, '/incidents/inc-nope', { headers: { accept: BROWSER } })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('No incident inc-nope is stored')
    expect((await req(app, '/incidents/inc-nope')).status).toBe(404)
  })

  it('with a token: the page needs a session (the sign-in page otherwise), the JSON the bearer header', async () => {
    const { app, id, auth } = await setup({ AIOPS_API_TOKEN: TOKEN })
    const page = await req(app, `/incidents/${id}`, { headers: { accept: BROWSER } })
    expect(page.status).toBe(401)
    const html = await page.text()
    expect(html).toContain('action="/ui/session"')
    expect(html).not.toContain(TOKEN)
    expect((await req(app, `/incidents/${id}`, { headers: { accept: BROWSER, ...auth } })).status).toBe(200)
    expect((await req(app, `/incidents/${id}`)).status).toBe(401)
    expect((await req(app, `/incidents/${id}`, { headers: auth })).status).toBe(200)
  })
})

describe('GET /ui', () => {
  it('lists the kept incidents with links', async () => {
    const { app, id } = await setup()
    const res = await req(app, '/ui')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain(`href="/incidents/${id}"`)
  })

  it('says so when incidents are not kept', async () => {
    const res = await req(makeApp(), '/ui')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Incidents are not kept')
  })
})

describe('POST /incidents/:id/feedback from the page without script', () => {
  it('stores a correction and answers 303 back to the page, which shows it', async () => {
    const { app, id } = await setup()
    const res = await req(app, `/incidents/${id}/feedback`, form('root_cause=checkout&actions=restart+checkout&note=it+was+checkout'))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/incidents/${id}`)
    expect((await json(req(app, `/incidents/${id}`))).feedback).toMatchObject({
      root_cause: 'checkout',
      actions: ['restart checkout'],
      note: 'it was checkout',
    })
    expect(await (await req(app, `/incidents/${id}`, { headers: { accept: BROWSER } })).text()).toContain('Operator said root checkout')
  })

  it('"Confirm" confirms the stored answer\'s root', async () => {
    const { app, id, root } = await setup()
    expect((await req(app, `/incidents/${id}/feedback`, form('root_cause=&confirm=1'))).status).toBe(303)
    expect((await json(req(app, `/incidents/${id}`))).feedback).toMatchObject({ root_cause: root, outcome: 'top1' })
  })

  it('answers a bad form post with a page naming the field', async () => {
    const { app, id } = await setup()
    const res = await req(app, `/incidents/${id}/feedback`, form('root_cause=&actions='))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('root_cause')
  })

  it('with a token: a form post without it is refused, JSON with it is stored', async () => {
    const { app, id, auth } = await setup({ AIOPS_API_TOKEN: TOKEN })
    expect((await req(app, `/incidents/${id}/feedback`, form('root_cause=checkout'))).status).toBe(401)
    expect((await post(app, `/incidents/${id}/feedback`, { root_cause: 'checkout' }, { 'content-type': 'application/json', ...auth })).status).toBe(200)
  })
})
