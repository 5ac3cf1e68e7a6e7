/**
 * Signing a browser in and out of the pages when AIOPS_API_TOKEN is set:
 * POST /ui/session takes the token (a form post from the sign-in page, or
 * JSON), compares it in constant time and answers 303 back to where the
 * browser was going with the session cookie (http/ui-session.ts); a wrong or
 * missing token gets the sign-in page again, 401, saying so. POST
 * /ui/session/delete (the pages' sign-out button) and DELETE /ui/session
 * clear the cookie. The routes exist only when a token is set.
 */
import { Elysia } from 'elysia'
import { MalformedJsonError } from '../incident/errors.ts'
import { renderSignInPage } from '../ui/sign-in-page.ts'
import { sameSecret } from './bearer-auth.ts'
import { isFormPost } from './feedback-input.ts'
import { htmlResponse } from './html-response.ts'
import { readBoundedText } from './limits.ts'
import { errorResponses, textResponse } from './openapi.ts'
import { safeNext } from './same-origin.ts'
import type { UiSession } from './ui-session.ts'

// A token (at most 4 KiB by config) and a path back: more is not a sign-in.
const SIGN_IN_MAX_BYTES = 16 * 1024

/** The sign-in page as an answer: 401, so nothing caches or mistakes it for the page asked for. */
export function signInResponse(next: string, message?: string): Response {
  return htmlResponse(renderSignInPage({ next: safeNext(next), ...(message ? { message } : {}) }), [], 401)
}

/** token and next of a sign-in post, form-encoded or JSON (400 when neither). */
async function readSignIn(request: Request): Promise<{ token: unknown; next: unknown }> {
  const text = await readBoundedText(request, SIGN_IN_MAX_BYTES)
  if (isFormPost(request)) {
    const form = new URLSearchParams(text)
    return { token: form.get('token'), next: form.get('next') }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new MalformedJsonError()
  }
  const o = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  return { token: o.token, next: o.next }
}

/** @example app.use(uiSessionRoutes(createUiSession({ token, secure: false }), token)) */
export function uiSessionRoutes(session: UiSession, token: string) {
  const signOut = (status: 204 | 303) =>
    new Response(null, { status, headers: { 'set-cookie': session.clear(), ...(status === 303 ? { location: '/ui' } : {}) } })
  return new Elysia({ name: 'http/ui-session' })
    .post(
      '/ui/session',
      async ({ request }) => {
        const { token: given, next } = await readSignIn(request)
        const back = safeNext(next)
        if (typeof given !== 'string' || given === '') return signInResponse(back, 'Enter the API token.')
        if (!sameSecret(given, token)) return signInResponse(back, 'That token is not accepted.')
        return new Response(null, { status: 303, headers: { location: back, 'set-cookie': session.issue() } })
      },
      {
        parse: 'none',
        detail: {
          summary: 'Sign a browser in to the pages with AIOPS_API_TOKEN (form: token, next; or JSON): a session cookie, not the token',
          tags: ['incidents'],
          responses: {
            303: { description: 'Signed in: Set-Cookie with the session, Location the same-origin path asked for (else /ui)' },
            401: textResponse('No or a wrong token: the sign-in page again, saying so', 'text/html'),
            ...errorResponses([400, 413], { 400: 'Neither a form post nor JSON', 413: 'A body over 16 KiB' }),
          },
        },
      },
    )
    .post('/ui/session/delete', () => signOut(303), {
      parse: 'none',
      detail: {
        summary: "Sign out (the pages' button): clears the session cookie",
        tags: ['incidents'],
        responses: { 303: { description: 'Cookie cleared; Location /ui' } },
      },
    })
    .delete('/ui/session', () => signOut(204), {
      parse: 'none',
      detail: { summary: 'Sign out: clears the session cookie', tags: ['incidents'], responses: { 204: { description: 'Cookie cleared' } } },
    })
}
