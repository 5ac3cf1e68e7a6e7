/**
 * Whether an unsafe request a cookie would authorise comes from one of our
 * own pages: its Origin (or, when a browser sends none, its Referer) names
 * the origin the request was sent to, or AIOPS_PUBLIC_URL's. Neither header
 * → not same-origin: every browser that sends cookies sends Origin on a POST.
 * The pages send `Referrer-Policy: same-origin`, since under no-referrer a
 * browser sends `Origin: null` even to the same origin.
 */

function originOf(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const o = new URL(url).origin
    return o === 'null' ? null : o
  } catch {
    return null
  }
}

/** @example sameOrigin(new Request('http://h/x', { method: 'POST', headers: { origin: 'http://h' } })) // true */
export function sameOrigin(request: Request, publicUrl?: string): boolean {
  const from = originOf(request.headers.get('origin')) ?? originOf(request.headers.get('referer'))
  if (from === null) return false
  return from === originOf(request.url) || from === originOf(publicUrl)
}

/**
 * A path to send a browser back to after sign-in: only a same-origin path
 * ("/incidents/x?y"), never "//host", "/\\host" or an absolute URL, so the
 * sign-in page cannot be used as an open redirect. Anything else → `fallback`.
 * @example safeNext('https://evil.example/') // '/ui'
 */
export function safeNext(next: unknown, fallback = '/ui'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback
  // URL parsing drops tabs and newlines and turns a backslash into "/", so refuse them before it can.
  for (const ch of next) if (ch < ' ' || ch === '\x7f' || ch === '\\') return fallback
  const base = 'http://aiops.invalid'
  try {
    const u = new URL(next, base)
    return u.origin === base ? `${u.pathname}${u.search}` : fallback
  } catch {
    return fallback
  }
}
