/**
 * Request size limits, answered as JSON 413s. A declared Content-Length over
 * AIOPS_MAX_BODY_BYTES is refused before a byte of the body is read; a body
 * without one (chunked) is read through a counting reader that stops at the
 * limit. Bun's own server limit (app.ts) sits above ours as a backstop only:
 * Bun answers its 413 with no body, so the limit clients meet must be ours.
 */
import { Elysia } from 'elysia'
import { PayloadTooLargeError } from '../incident/errors.ts'

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/**
 * Bun's server-level cap for a given app limit: far enough above it that every
 * request over our limit meets our JSON 413 first, yet still bounded for routes
 * that read bodies with Elysia's default parser.
 */
export function serverBodyCeiling(maxBodyBytes: number): number {
  return maxBodyBytes * 2 + 1024 * 1024
}

function tooLarge(size: string, max: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`request body of ${size} exceeds AIOPS_MAX_BODY_BYTES=${max}`)
}

/** Refuses a declared Content-Length over the limit, for every route, before routing. */
export function bodyLimit(maxBodyBytes: number) {
  return new Elysia({ name: 'http/limits' }).onRequest(({ request }) => {
    if (!BODY_METHODS.has(request.method)) return
    const declared = request.headers.get('content-length')
    if (declared !== null && Number(declared) > maxBodyBytes) throw tooLarge(`${declared} bytes`, maxBodyBytes)
  })
}

/**
 * Reads a body as UTF-8 text, never holding more than `maxBytes` of it.
 * @throws PayloadTooLargeError once the stream passes the limit
 */
export async function readBoundedText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return ''
  // A declared length was already checked against the limit (bodyLimit's onRequest), and Bun
  // never reads past it, so the native one-shot read is safe and skips the stream machinery.
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) <= maxBytes) return request.text()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      // Stop the upload here: reading on would buffer what we already refused.
      await reader.cancel().catch(() => undefined)
      throw tooLarge(`more than ${maxBytes} bytes`, maxBytes)
    }
    chunks.push(value)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
