/**
 * The one bearer-token check (RFC 6750), for every guarded route: POST
 * /incident and /alertmanager (AIOPS_API_TOKEN) and every /admin route
 * (AIOPS_ADMIN_TOKEN). Modelled on Hono's bearer-auth middleware: a factory
 * takes the token and realm and returns a hook the routes run before their
 * handler, so the body is never read for a caller without the token.
 * Missing or malformed credentials → 401 with `WWW-Authenticate: Bearer
 * realm="…"`; a well-formed but wrong token → 403. The comparison is
 * constant-time over SHA-256 digests, so neither the token's content nor its
 * length leaks through timing. The page routes (and the page's own feedback
 * post) also take the browser session of http/ui-session.ts, which a browser
 * gets by signing in with the token; a bearer header, when sent, always wins.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { UiSession } from './ui-session.ts'

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

/** No usable credentials on a guarded route (401, with a challenge for `realm`). */
export class UnauthorizedError extends Error {
  constructor(
    message: string,
    readonly realm: string,
  ) {
    super(message)
  }
}

/** Credentials present but not accepted (403). */
export class ForbiddenError extends Error {}

/** Constant-time equality of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or null. */
export function bearerToken(header: string | null): string | null {
  const m = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i)
  return m?.[1] ?? null
}

export interface BearerAuthOptions {
  token: string
  /** The protection space named in the challenge: one per token. */
  realm: string
  /** The setting that holds the token, named in the 401 message (never its value). */
  tokenName: string
  /**
   * Also accept this browser session (a cookie): only for the pages and the page's feedback post,
   * never the JSON API, so a cookie cannot authorise a cross-site API call.
   */
  session?: UiSession
}

/**
 * A beforeHandle hook that lets a request through only with the token.
 * @throws UnauthorizedError | ForbiddenError (answered by http/errors.ts)
 * @example app.post('/incident', handler, { beforeHandle: bearerAuth({ token, realm: 'aiops-serve', tokenName: 'AIOPS_API_TOKEN' }) })
 */
export function bearerAuth(options: BearerAuthOptions): (ctx: { request: Request }) => void {
  const expected = digest(options.token)
  return ({ request }) => {
    const header = request.headers.get('authorization')
    if (header === null && options.session) {
      const verdict = options.session.verdict(request)
      if (verdict === 'valid') return
      if (verdict === 'cross-origin')
        throw new ForbiddenError("cross-origin request refused: the session cookie only authorises posts from this server's own pages")
    }
    const given = bearerToken(header)
    if (given === null) throw new UnauthorizedError(`missing bearer token: send Authorization: Bearer <${options.tokenName}>`, options.realm)
    if (!timingSafeEqual(digest(given), expected)) throw new ForbiddenError('bearer token not accepted')
  }
}

/** The hook every /admin route shares: AIOPS_ADMIN_TOKEN, in its own realm. */
export function adminAuth(token: string): (ctx: { request: Request }) => void {
  return bearerAuth({ token, realm: 'aiops-admin', tokenName: 'AIOPS_ADMIN_TOKEN' })
}
