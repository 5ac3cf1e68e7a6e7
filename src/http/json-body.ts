/**
 * The body parser of the alert routes: bounded read (limits.ts), then
 * JSON.parse, the route's schema (compiled) and a nesting cap (batch-text.ts);
 * the route declares no Elysia `body` schema. The raw text may first go to the
 * worker pool: a head start for a large body, or a whole small request that a
 * worker answers (then nothing is parsed here). Why: on a failure Elysia's ValidationError
 * pretty-prints the whole body (JSON.stringify(…, null, 2)), which is
 * quadratic in nesting depth (100 000 nested "[" took 9 s and ended in a 500)
 * and cost ~0.6 s for a 3 MB batch with its last alert bad; here that batch
 * costs one compiled check per alert up to the bad one. A nesting cap keeps
 * hostile depth away from any code that walks the value.
 */
import type { TObject, TSchema } from '@sinclair/typebox'
import { ParseError } from 'elysia'
import type { PrebuiltReport } from '../rca/request-offload.ts'
import type { HeadStart } from '../rca/triage.ts'
import { batchParser } from './batch-text.ts'
import { readBoundedText } from './limits.ts'

const headStarts = new WeakMap<object, HeadStart>()
const prebuilts = new WeakMap<object, PrebuiltReport>()

/** The head start (rca/pool.ts) begun on this parsed body's text, if any; the route passes it on to triage. */
export function headStartOf(body: unknown): HeadStart | undefined {
  return typeof body === 'object' && body !== null ? headStarts.get(body) : undefined
}

/** The report a worker already built from this body's text (rca/request-offload.ts): the route sends it as it is. */
export function prebuiltOf(body: unknown): PrebuiltReport | undefined {
  return typeof body === 'object' && body !== null ? prebuilts.get(body) : undefined
}

/** Work on the raw body text that the route lets the worker pool do. */
export interface BodyOffload {
  /** Large bodies: workers parse a copy alongside this thread (rca/pool.ts). */
  headStart?: (text: string) => HeadStart | undefined
  /** Small bodies: a worker answers the whole request, or declines (rca/request-offload.ts). */
  whole?: (text: string) => Promise<PrebuiltReport | undefined> | undefined
}

/**
 * An Elysia `parse` function: the body as JSON whatever the content type
 * (monitoring systems send none or text/plain: docs/pitfalls.md#any-content-type-is-json), size- and
 * depth-bounded and checked against `envelope`. What it throws Elysia wraps
 * in a ParseError; http/errors.ts answers for the cause (413, 400, 422).
 * @example app.post('/incident', h, { parse: jsonBody(IncidentRequest, config.AIOPS_MAX_BODY_BYTES), body: IncidentRequest })
 */
export function jsonBody(envelope: TObject, maxBytes: number, offload: BodyOffload = {}) {
  const parseBatch = batchParser(envelope)
  const parse = (text: string): unknown => {
    try {
      return parseBatch(text)
    } catch (e) {
      throw e instanceof SyntaxError ? new ParseError() : e
    }
  }
  return async function boundedJson({ request }: { request: Request }): Promise<unknown> {
    const text = await readBoundedText(request, maxBytes)
    // Before parsing here, so the workers parse their copy at the same time.
    const started = offload.headStart?.(text)
    const prebuilt = started ? undefined : await offload.whole?.(text)
    if (prebuilt) {
      // Nothing parsed on this thread: the route finds the report by this token.
      const token = {}
      prebuilts.set(token, prebuilt)
      return token
    }
    try {
      const value = parse(text)
      if (started) headStarts.set(value as object, started)
      return value
    } catch (e) {
      started?.cancel()
      throw e
    }
  }
}

/** The OpenAPI requestBody for a route whose parser validates (no Elysia `body` schema). */
export function jsonRequestBody(schema: TSchema) {
  return { required: true, content: { 'application/json': { schema }, 'text/plain': { schema } } }
}
