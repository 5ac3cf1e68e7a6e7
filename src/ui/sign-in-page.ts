/**
 * The sign-in page a browser gets instead of incident data when
 * AIOPS_API_TOKEN is set and it has no session: one password field that
 * posts the token to /ui/session, and the path to go back to afterwards.
 * It names nothing about any incident. No script: it works as a plain form.
 */
import { esc } from './html.ts'
import { pageShell } from './page-shell.ts'

/**
 * @example renderSignInPage({ next: '/incidents/inc-1' })
 */
export function renderSignInPage(opts: { next: string; message?: string }): string {
  const message = opts.message ? `<p role="alert" class="error">${esc(opts.message)}</p>\n` : ''
  return pageShell({
    title: 'Sign in',
    body: `<main><h1>Sign in</h1>
<p>This server's incidents need its API token (AIOPS_API_TOKEN). Signing in keeps a session in this browser; the token itself is not stored.</p>
${message}<form id="sign-in" method="post" action="/ui/session">
<input type="hidden" name="next" value="${esc(opts.next)}">
<p><label for="si-token">API token</label>
<input id="si-token" name="token" type="password" required autocomplete="current-password" autofocus></p>
<p class="buttons"><button type="submit">Sign in</button></p>
</form></main>`,
  })
}

/** A sign-out button for the pages of a signed-in browser. */
export const SIGN_OUT_FORM = '<form method="post" action="/ui/session/delete" class="sign-out"><button type="submit">Sign out</button></form>'
