import { describe, expect, it } from 'bun:test'
import { parseConfig } from '../../src/config.ts'
import { bearerToken, sameSecret } from '../../src/http/auth.ts'
import { alert, json, makeApp, post, req } from '../support/helpers.ts'

const TOKEN = 'tok-0123456789abcdef'
const batch = { alerts: [alert('web', 'cpu_util', 0)] }
const amPayload = { alerts: [{ status: 'firing', labels: { alertname: 'X', service: 'web' }, startsAt: '2026-06-08T03:00:00Z', fingerprint: 'f' }] }
const bearer = (t: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${t}` })

describe('bearer token (AIOPS_API_TOKEN)', () => {
  const app = makeApp({ env: { AIOPS_API_TOKEN: TOKEN } })

  for (const [path, body] of [['/incident', batch], ['/alertmanager', amPayload]] as const) {
    it(`POST ${path} answers 401 with a Bearer challenge when no token is sent`, async () => {
      const res = await post(app, path, body)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toStartWith('Bearer')
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
