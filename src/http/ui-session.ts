/**
 * The browser's session for the pages when AIOPS_API_TOKEN is set: a browser
 * following a link cannot send a bearer header, so a sign-in page trades the
 * token once for a cookie (as Grafana or an oauth2-proxy in front of
 * Prometheus do). The cookie holds no secret: an expiry and an HMAC of it
 * under a key derived from the token, so rotating the token ends every
 * session and a stolen cookie dies at its expiry. A cookie only counts for
 * an unsafe method when the request comes from this origin (sameOrigin).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { sameOrigin } from './same-origin.ts'

export const SESSION_COOKIE = 'aiops_session'
// A working day of on-call: one sign-in per shift, and a copied cookie is dead by the next one.
export const SESSION_MAX_AGE_SEC = 12 * 60 * 60
// Separates this key from any other use of the token: the token itself never signs anything.
const KEY_LABEL = 'aiops-serve ui session v1'

export interface UiSessionOptions {
  token: string
  /** Mark the cookie Secure (AIOPS_PUBLIC_URL is https). */
  secure: boolean
  /** AIOPS_PUBLIC_URL: its origin counts as ours too (behind a proxy that rewrites Host). */
  publicUrl?: string
  /** Epoch ms; injected by tests. */
  now?: () => number
}

/** What a request's cookie says: a valid session, none at all, or one refused (forged, expired, old token). */
export type SessionVerdict = 'valid' | 'absent' | 'invalid' | 'cross-origin'

export interface UiSession {
  /** The Set-Cookie header of a fresh session. */
  issue(): string
  /** The Set-Cookie header that ends it. */
  clear(): string
  /** The request's session, checked; an unsafe method must also come from this origin. */
  verdict(request: Request): SessionVerdict
}

/** The value of one cookie of a Cookie header, or null. */
export function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** `<expiry epoch s>.<base64url HMAC-SHA256(key, expiry)>` for a token's derived key. */
export function sessionValue(token: string, expirySec: number): string {
  const key = createHmac('sha256', token).update(KEY_LABEL).digest()
  return `${expirySec}.${createHmac('sha256', key).update(String(expirySec)).digest('base64url')}`
}

const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * @example const s = createUiSession({ token, secure: false }); s.verdict(request) === 'valid'
 */
export function createUiSession(opts: UiSessionOptions): UiSession {
  const now = opts.now ?? Date.now
  const attrs = `HttpOnly; SameSite=Strict; Path=/${opts.secure ? '; Secure' : ''}`
  return {
    issue() {
      const expiry = Math.floor(now() / 1000) + SESSION_MAX_AGE_SEC
      return `${SESSION_COOKIE}=${sessionValue(opts.token, expiry)}; Max-Age=${SESSION_MAX_AGE_SEC}; ${attrs}`
    },
    clear: () => `${SESSION_COOKIE}=; Max-Age=0; ${attrs}`,
    verdict(request) {
      const given = cookieValue(request.headers.get('cookie'), SESSION_COOKIE)
      if (given === null || given === '') return 'absent'
      const m = given.match(/^(\d{1,12})\.[A-Za-z0-9_-]{43}$/)
      if (!m) return 'invalid'
      const expiry = Number(m[1])
      const expected = Buffer.from(sessionValue(opts.token, expiry))
      const got = Buffer.from(given)
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) return 'invalid'
      if (expiry * 1000 <= now()) return 'invalid'
      if (!SAFE_METHODS.has(request.method) && !sameOrigin(request, opts.publicUrl)) return 'cross-origin'
      return 'valid'
    },
  }
}
