/**
 * The pages behind AIOPS_API_TOKEN, through the real app and a real incident
 * store (SQLite in a temp dir): a browser without a session gets the sign-in
 * page and no incident data; the right token gives a session cookie (not the
 * token) and a 303 back; the cookie opens the pages and the page's own
 * feedback post from this origin, and nothing else (the JSON API, a
 * cross-origin post, a forged, expired or old-token cookie, a redirect off-site).
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { safeNext, sameOrigin } from '../../src/http/same-origin.ts'
import { createUiSession, SESSION_COOKIE, SESSION_MAX_AGE_SEC, sessionValue } from '../../src/http/ui-session.ts'
import { alert, json, makeApp, post, req } from '../support/helpers.ts'
import { serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir } from '../support/processes.ts'

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const TOKEN = 'ui-token-0123456789abcdef'
const ORIGIN = 'http://localhost'
const dir = tempDir('aiops-ui-session-')
const harnesses: ServiceHarness[] = []
afterAll(async () => {
  for (const h of harnesses) await h.service.close()
  rmSync(dir, { recursive: true, force: true })
})

/** An app with a token and a store (or a second app on the same store), and one incident kept. */
async function setup(env: Record<string, string> = { AIOPS_API_TOKEN: TOKEN }, shared?: ServiceHarness) {
  const h = shared ?? serviceOn(join(dir, `u${harnesses.length}.db`))
  if (!shared) harnesses.push(h)
  const app = makeApp({ env, store: h.graphs, incidents: h.service })
  const bearer = { authorization: `Bearer ${env.AIOPS_API_TOKEN}` }
  const alerts = [alert('payment-db', 'conn_pool_used', 0), alert('payment', 'latency_p99_ms', 20), alert('checkout', 'error_rate', 40)]
  const answered = await json(post(app, '/incident', { alerts }, { 'content-type': 'application/json', ...bearer }))
  return { app, h, id: answered.incident_id as string, bearer }
}

const signIn = (app: ReturnType<typeof makeApp>, body: string, contentType = 'application/x-www-form-urlencoded') =>
  req(app, '/ui/session', { method: 'POST', headers: { 'content-type': contentType, accept: BROWSER }, body })

/** The cookie pair (name=value) of a Set-Cookie header. */
const pair = (setCookie: string | null) => setCookie!.split(';')[0]!

async function signedIn(app: ReturnType<typeof makeApp>, next = '/ui') {
  const res = await signIn(app, new URLSearchParams({ token: TOKEN, next }).toString())
  expect(res.status).toBe(303)
  return pair(res.headers.get('set-cookie'))
}
const page = (app: ReturnType<typeof makeApp>, path: string, cookie?: string) => req(app, path, { headers: { accept: BROWSER, ...(cookie ? { cookie } : {}) } })
const formPost = (app: ReturnType<typeof makeApp>, path: string, body: string, headers: Record<string, string>) =>
  req(app, path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body })

describe('the pages with AIOPS_API_TOKEN set', () => {
  it('answer the sign-in page (401, same CSP) without incident data to a browser with no session', async () => {
    const { app, id } = await setup()
    for (const path of [`/incidents/${id}`, '/ui']) {
      const res = await page(app, path)
      expect(res.status).toBe(401)
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      const html = await res.text()
      expect(html).toContain('<input id="si-token" name="token" type="password"')
      expect(html).toContain(`<input type="hidden" name="next" value="${path}">`)
      for (const data of ['payment-db', 'checkout', 'conn_pool_used', `href="/incidents/${id}"`]) expect(html).not.toContain(data)
    }
  })

  it('answer a wrong token with the sign-in page again, 401, saying so, and no cookie', async () => {
    const { app, id } = await setup()
    const res = await signIn(app, new URLSearchParams({ token: 'not-the-token-at-all', next: `/incidents/${id}` }).toString())
    expect(res.status).toBe(401)
    expect(res.headers.get('set-cookie')).toBeNull()
    const html = await res.text()
    expect(html).toContain('That token is not accepted.')
    expect(html).toContain(`value="/incidents/${id}"`)
    expect((await signIn(app, 'next=%2Fui')).status).toBe(401)
  })

  it('give a session cookie for the right token (form or JSON) and 303 back to where the browser was going', async () => {
    const { app, id } = await setup()
    for (const [body, type] of [
      [new URLSearchParams({ token: TOKEN, next: `/incidents/${id}` }).toString(), 'application/x-www-form-urlencoded'],
      [JSON.stringify({ token: TOKEN, next: `/incidents/${id}` }), 'application/json'],
    ] as const) {
      const res = await signIn(app, body, type)
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe(`/incidents/${id}`)
      const cookie = res.headers.get('set-cookie')!
      expect(cookie).toStartWith(`${SESSION_COOKIE}=`)
      expect(cookie).toContain('HttpOnly; SameSite=Strict; Path=/')
      expect(cookie).toContain(`Max-Age=${SESSION_MAX_AGE_SEC}`)
      expect(cookie).not.toContain('Secure')
      expect(cookie).not.toContain(TOKEN)
    }
    expect((await signIn(app, '{"token":', 'application/json')).status).toBe(400)
  })

  it('mark the cookie Secure when AIOPS_PUBLIC_URL is https', async () => {
    const { app } = await setup({ AIOPS_API_TOKEN: TOKEN, AIOPS_PUBLIC_URL: 'https://aiops.example.com' })
    expect((await signIn(app, `token=${TOKEN}`)).headers.get('set-cookie')).toContain('; Secure')
  })

  it('open with the cookie: the incident page and /ui, with a sign-out button', async () => {
    const { app, id } = await setup()
    const cookie = await signedIn(app)
    const inc = await page(app, `/incidents/${id}`, cookie)
    expect(inc.status).toBe(200)
    const html = await inc.text()
    expect(html).toContain(`Incident ${id}`)
    expect(html).toContain('action="/ui/session/delete"')
    const list = await page(app, '/ui', cookie)
    expect(list.status).toBe(200)
    expect(await list.text()).toContain(`href="/incidents/${id}"`)
  })

  it('refuse a forged, expired or malformed cookie with the sign-in page saying the session ended', async () => {
    const { app, id } = await setup()
    const now = Math.floor(Date.now() / 1000)
    const cookies = [
      `${SESSION_COOKIE}=${sessionValue('some-other-token-0123456789', now + 3600)}`, // signed with another key
      `${SESSION_COOKIE}=${now + 3600}.${sessionValue(TOKEN, now + 60).split('.')[1]}`, // expiry changed, signature kept
      `${SESSION_COOKIE}=${sessionValue(TOKEN, now - 1)}`, // expired, validly signed
      `${SESSION_COOKIE}=${TOKEN}`, // the token itself is not a session
    ]
    for (const cookie of cookies) {
      const res = await page(app, `/incidents/${id}`, cookie)
      expect(res.status).toBe(401)
      expect(await res.text()).toContain('Your session has ended')
    }
  })

  it('end every session when the token changes', async () => {
    const { app, h, id } = await setup()
    const cookie = await signedIn(app)
    expect((await page(app, `/incidents/${id}`, cookie)).status).toBe(200)
    const { app: rotated } = await setup({ AIOPS_API_TOKEN: 'rotated-token-0123456789' }, h)
    expect((await page(rotated, `/incidents/${id}`, cookie)).status).toBe(401)
  })

  it('never redirect off-site after sign-in', async () => {
    const { app } = await setup()
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/%0d%0aSet-Cookie:x',
      '/\t/evil.example',
      'ui',
    ]) {
      const res = await signIn(app, new URLSearchParams({ token: TOKEN, next }).toString())
      expect(res.status).toBe(303)
      const location = res.headers.get('location')!
      expect(location).toStartWith('/')
      expect(location).not.toStartWith('//')
      expect(new URL(location, 'http://localhost').origin).toBe('http://localhost')
    }
    expect(safeNext('https://evil.example/')).toBe('/ui')
    expect(safeNext('/incidents/inc-1?x=1')).toBe('/incidents/inc-1?x=1')
  })

  it("take the page's feedback with the cookie from this origin (form and fetch), refuse it cross-origin or without Origin", async () => {
    const { app, h, id } = await setup()
    const cookie = await signedIn(app)
    const stored = await formPost(app, `/incidents/${id}/feedback`, 'root_cause=checkout&note=from+the+page', { cookie, origin: ORIGIN })
    expect(stored.status).toBe(303)
    expect((await h.service.get(id))!.feedback).toMatchObject({ root_cause: 'checkout', note: 'from the page' })
    const fetched = await post(
      app,
      `/incidents/${id}/feedback`,
      { root_cause: 'payment' },
      { 'content-type': 'application/json', cookie, referer: `${ORIGIN}/incidents/${id}` },
    )
    expect(fetched.status).toBe(200)
    expect((await h.service.get(id))!.feedback).toMatchObject({ root_cause: 'payment' })
    for (const headers of [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, { origin: 'null' }] as Record<string, string>[]) {
      const refused = await formPost(app, `/incidents/${id}/feedback`, 'root_cause=web', { cookie, ...headers })
      expect(refused.status).toBe(403)
      expect((await refused.json()).message).toContain('cross-origin')
    }
    expect((await formPost(app, `/incidents/${id}/feedback`, 'root_cause=web', { cookie })).status).toBe(403)
    expect((await h.service.get(id))!.feedback).toMatchObject({ root_cause: 'payment' })
  })

  it('keep the JSON API on the bearer header only', async () => {
    const { app, id, bearer } = await setup()
    const cookie = await signedIn(app)
    const headers = { cookie, origin: ORIGIN }
    expect((await req(app, `/incidents/${id}`, { headers })).status).toBe(401)
    expect((await req(app, '/incidents', { headers })).status).toBe(401)
    expect((await post(app, '/incident', { alerts: [alert('web', 'error_rate', 0)] }, { 'content-type': 'application/json', ...headers })).status).toBe(401)
    expect((await req(app, `/incidents/${id}`, { headers: bearer })).status).toBe(200)
  })

  it('sign out: the cookie is cleared (POST /ui/session/delete → 303 /ui, DELETE → 204)', async () => {
    const { app } = await setup()
    const out = await req(app, '/ui/session/delete', { method: 'POST' })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/ui')
    expect(out.headers.get('set-cookie')).toStartWith(`${SESSION_COOKIE}=; Max-Age=0`)
    const del = await req(app, '/ui/session', { method: 'DELETE' })
    expect(del.status).toBe(204)
    expect(del.headers.get('set-cookie')).toContain('Max-Age=0')
  })
})

describe('the pages with no token', () => {
  it('open as before, and there is no sign-in route', async () => {
    const { app, id } = await setup({})
    expect((await page(app, `/incidents/${id}`)).status).toBe(200)
    expect((await page(app, '/ui')).status).toBe(200)
    expect((await signIn(app, `token=${TOKEN}`)).status).toBe(404)
  })
})

describe('sameOrigin', () => {
  it.each([
    [{ origin: 'http://h:8080' }, true],
    [{ origin: 'http://h:8081' }, false], // another port is another origin
    [{ referer: 'http://h:8080/incidents/x' }, true], // no Origin: the Referer's origin
    [{ origin: 'https://aiops.example.com' }, true], // AIOPS_PUBLIC_URL behind a proxy
    [{}, false],
  ])('%p → %p', (headers, expected) => {
    const request = new Request('http://h:8080/incidents/x/feedback', { method: 'POST', headers })
    expect(sameOrigin(request, 'https://aiops.example.com/')).toBe(expected)
  })
})

describe('createUiSession', () => {
  it('expires a session at its Max-Age', () => {
    let now = 1_000_000_000_000
    const s = createUiSession({ token: TOKEN, secure: false, now: () => now })
    const cookie = pair(s.issue())
    const get = new Request('http://h/ui', { headers: { cookie } })
    expect(s.verdict(get)).toBe('valid')
    now += SESSION_MAX_AGE_SEC * 1000
    expect(s.verdict(get)).toBe('invalid')
  })
})
