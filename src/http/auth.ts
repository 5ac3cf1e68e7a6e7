/**
 * Optional bearer token for the routes that take alerts (AIOPS_API_TOKEN; off
 * when unset). Checked in onRequest, before routing and before the body is
 * read, so an unauthenticated client cannot make us parse 10 MiB. Missing or
 * malformed credentials → 401 with a WWW-Authenticate challenge (RFC 6750);
 * a wrong token → 403. The comparison is constant-time over SHA-256 digests,
 * so neither the token's content nor its length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { Elysia } from 'elysia'
import { ForbiddenError, UnauthorizedError } from './errors.ts'

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

/** Constant-time equality of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | null): string | null {
  const m = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i)
  return m?.[1] ?? null
}

/**
 * Guards `paths` (exact pathnames, any method) with the token; no token, no guard.
 * @example app.use(bearerAuth(config.AIOPS_API_TOKEN, ['/incident', '/alertmanager']))
 */
export function bearerAuth(token: string | undefined, paths: readonly string[]) {
  const guarded = new Set(paths)
  const plugin = new Elysia({ name: 'http/auth' })
  if (!token) return plugin
  return plugin.onRequest(({ request }) => {
    if (!guarded.has(new URL(request.url).pathname)) return
    const given = bearerToken(request.headers.get('authorization'))
    if (given === null) throw new UnauthorizedError('missing bearer token: send Authorization: Bearer <AIOPS_API_TOKEN>')
    if (!sameSecret(given, token)) throw new ForbiddenError('bearer token not accepted')
  })
}
