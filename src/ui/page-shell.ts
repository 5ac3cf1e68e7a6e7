/**
 * The HTML document around a page: language, viewport, the inline stylesheet
 * and script, and a Content-Security-Policy that allows nothing from outside
 * (no external fonts, scripts, images or connections; the one inline script by
 * its hash), so the pages work offline and an injected tag could not load or
 * run anything even if escaping ever failed.
 */
import { createHash } from 'node:crypto'
import { esc } from './html.ts'
import { PAGE_CSS } from './styles.ts'

const hashOf = (script: string) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`

/** The policy for a page with these inline scripts (also sent as a header by the routes). */
export function contentSecurityPolicy(scripts: readonly string[] = []): string {
  const scriptSrc = scripts.length > 0 ? scripts.map(hashOf).join(' ') : "'none'"
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptSrc}; connect-src 'self'; form-action 'self'; base-uri 'none'`
}

export interface ShellInput {
  title: string
  body: string
  scripts?: readonly string[]
}

/** @example pageShell({ title: 'Incidents', body: '<main>…</main>' }) */
export function pageShell({ title, body, scripts = [] }: ShellInput): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(scripts))}">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${PAGE_CSS}</style>
</head><body>
${body}
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body></html>`
}
