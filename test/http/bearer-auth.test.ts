import { describe, expect, it } from 'bun:test'
import { parseConfig } from '../../src/config.ts'
import { bearerAuth, bearerToken, ForbiddenError, sameSecret, UnauthorizedError } from '../../src/http/bearer-auth.ts'
import { createUiSession, SESSION_COOKIE } from '../../src/http/ui-session.ts'
import { alert, json, makeApp, post, req } from '../support/helpers.ts'

const TOKEN = 'tok-0123456789abcdef'
const batch = { alerts: [alert('web', 'cpu_util', 0)] }
const amPayload = { alerts: [{ status: 'firing', labels: { alertname: 'X', service: 'web' }, startsAt: '2026-06-08T03:00:00Z', fingerprint: 'f' }] }
const bearer = (t: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${t}` })

describe('bearer token (AIOPS_API_TOKEN)', () => {
  const app = makeApp({ env: { AIOPS_API_TOKEN: TOKEN } })

  for (const [path, body] of [
    ['/incident', batch],
    ['/alertmanager', amPayload],
  ] as const) {
    it(`POST ${path} answers 401 with a Bearer challenge when no token is sent`, async () => {
      const res = await post(app, path, body)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aiops-serve"')
      expect((await json(res)).error).toBe('unauthorized')
    })

    it(`POST ${path} answers 403 for a wrong token`, async () => {
      const res = await post(app, path, body, bearer('tok-0123456789abcdeX'))
      expect(res.status).toBe(403)
      expect((await json(res)).error).toBe('forbidden')
    })

    it(`POST ${path} answers 200 with the right token`, async () => {
      expect((await post(app, path, body, bearer(TOKEN))).status).toBe(200)
    })
  }

  it('answers 401 for another scheme or an empty bearer', async () => {
    for (const authorization of [`Basic ${btoa('u:p')}`, 'Bearer ', 'Bearer', TOKEN]) {
      expect((await post(app, '/incident', batch, { authorization })).status).toBe(401)
    }
  })

  it('checks the token before reading the body', async () => {
    const res = await post(app, '/incident', '{not json')
    expect(res.status).toBe(401)
  })

  it('leaves health, readiness, version and metrics open', async () => {
    for (const path of ['/healthz', '/readyz', '/version', '/metrics']) expect((await req(app, path)).status).toBe(200)
  })

  it('is off by default', async () => {
    expect((await post(makeApp(), '/incident', batch)).status).toBe(200)
  })
})

describe('bearerAuth (the one factory)', () => {
  const check = bearerAuth({ token: TOKEN, realm: 'r', tokenName: 'SOME_TOKEN' })
  const request = (authorization?: string) => ({ request: new Request('http://x/', { headers: authorization === undefined ? {} : { authorization } }) })

  it('lets the right token through', () => {
    expect(() => check(request(`Bearer ${TOKEN}`))).not.toThrow()
    expect(() => check(request(`bearer ${TOKEN} `))).not.toThrow()
  })

  it('answers no header, another scheme or a malformed bearer with a 401 for its realm, naming the setting', () => {
    for (const h of [undefined, `Basic ${btoa('u:p')}`, 'Bearer', 'Bearer ', `Bearer ${TOKEN} extra`]) {
      try {
        check(request(h))
        throw new Error(`no throw for ${h}`)
      } catch (e) {
        expect(e).toBeInstanceOf(UnauthorizedError)
        expect((e as UnauthorizedError).realm).toBe('r')
        expect((e as Error).message).toContain('SOME_TOKEN')
        expect((e as Error).message).not.toContain(TOKEN)
      }
    }
  })

  it('answers a wrong token, shorter or longer, with a 403', () => {
    for (const t of ['x', `${TOKEN}x`, TOKEN.toUpperCase()]) expect(() => check(request(`Bearer ${t}`))).toThrow(ForbiddenError)
  })

  it('guards the admin routes with the same shape of challenge, in their own realm', async () => {
    const app = makeApp({ env: { AIOPS_ADMIN_TOKEN: TOKEN } })
    const res = await req(app, '/admin/graph')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aiops-admin"')
    expect((await json(res)).error).toBe('unauthorized')
    const wrong = await req(app, '/admin/graph', { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(403)
    expect((await json(wrong)).error).toBe('forbidden')
  })
})

describe('bearerAuth with the session option (the pages)', () => {
  const session = createUiSession({ token: TOKEN, secure: false })
  const check = bearerAuth({ token: TOKEN, realm: 'r', tokenName: 'SOME_TOKEN', session })
  const cookie = session.issue().split(';')[0]!
  const ctx = (method: string, headers: Record<string, string>) => ({ request: new Request('http://x/p', { method, headers }) })

  it('lets a valid session through with no header (a POST only from this origin)', () => {
    expect(() => check(ctx('GET', { cookie }))).not.toThrow()
    expect(() => check(ctx('POST', { cookie, origin: 'http://x' }))).not.toThrow()
    expect(() => check(ctx('POST', { cookie, origin: 'http://elsewhere' }))).toThrow(ForbiddenError)
  })

  it('checks a bearer header when one is sent, whatever the cookie', () => {
    expect(() => check(ctx('GET', { cookie, authorization: 'Bearer wrong-token' }))).toThrow(ForbiddenError)
    expect(() => check(ctx('GET', { cookie: `${SESSION_COOKIE}=forged` }))).toThrow(UnauthorizedError)
  })

  it('is not taken by a factory made without it (the JSON routes)', () => {
    const apiOnly = bearerAuth({ token: TOKEN, realm: 'r', tokenName: 'SOME_TOKEN' })
    expect(() => apiOnly(ctx('GET', { cookie }))).toThrow(UnauthorizedError)
  })
})

describe('auth helpers', () => {
  it('reads the token of a Bearer header, case-insensitively', () => {
    expect(bearerToken('Bearer abc')).toBe('abc')
    expect(bearerToken('bearer  abc ')).toBe('abc')
    expect(bearerToken('Bearer a b')).toBeNull()
    expect(bearerToken(null)).toBeNull()
  })

  it('compares secrets of different lengths without throwing', () => {
    expect(sameSecret('a', 'a')).toBe(true)
    expect(sameSecret('a', 'ab')).toBe(false)
    expect(sameSecret('', TOKEN)).toBe(false)
  })

  it('refuses a token shorter than 16 characters at start-up, naming the variable', () => {
    expect(() => parseConfig({ AIOPS_API_TOKEN: 'short' })).toThrow(/AIOPS_API_TOKEN/)
    expect(() => parseConfig({ AIOPS_API_TOKEN: 'has a space in it ok' })).toThrow(/AIOPS_API_TOKEN/)
    expect(parseConfig({ AIOPS_API_TOKEN: TOKEN }).AIOPS_API_TOKEN).toBe(TOKEN)
  })
})

describe('parseConfig with a bad AIOPS_API_TOKEN', () => {
  it('names the variable without echoing the secret', () => {
    try {
      parseConfig({ AIOPS_API_TOKEN: 'sekrit' })
      throw new Error('no throw')
    } catch (e) {
      expect((e as Error).message).toContain('AIOPS_API_TOKEN')
      expect((e as Error).message).not.toContain('sekrit')
    }
  })
})
