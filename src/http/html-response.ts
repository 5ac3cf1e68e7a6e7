/**
 * HTML answers next to the JSON ones: whether a request wants a page
 * (a browser's Accept names text/html; curl's and API clients' do not), and
 * the response for a rendered page with the headers a page needs (its
 * Content-Security-Policy, no sniffing, no caching of incident data).
 */
import { contentSecurityPolicy } from '../ui/page-shell.ts'

/** q of each media range of an Accept header ("text/html;q=0.9" → ["text/html", 0.9]). */
function ranges(accept: string): Array<[string, number]> {
  return accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = q ? Number(q.slice(2)) : 1
    return [type.trim(), Number.isFinite(value) ? value : 0]
  })
}

/**
 * True when the client asks for HTML by name at least as much as for JSON; a wildcard alone means JSON.
 * @example wantsHtml(new Request('http://x', { headers: { accept: 'text/html,*\/*;q=0.8' } })) // true
 */
export function wantsHtml(request: Request): boolean {
  const accept = request.headers.get('accept')
  if (!accept) return false
  let html = 0
  let json = 0
  for (const [type, q] of ranges(accept)) {
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, q)
    if (type === 'application/json') json = Math.max(json, q)
  }
  return html > 0 && html >= json
}

/** A rendered page as a response; `scripts` are the page's inline scripts, allowed by hash. */
export function htmlResponse(html: string, scripts: readonly string[] = [], status = 200): Response {
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${contentSecurityPolicy(scripts)}; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      // same-origin, not no-referrer: under no-referrer a browser's POST carries `Origin: null`, and
      // the session cookie's same-origin check needs the real one. Nothing leaks to other sites.
      'referrer-policy': 'same-origin',
      'cache-control': 'no-store',
      vary: 'accept',
    },
  })
}
