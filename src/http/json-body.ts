/**
 * The body parser of the alert routes: bounded read (limits.ts), JSON.parse,
 * then the route's schema checked here, compiled, and the route declares no
 * Elysia `body` schema. Why: on a failure Elysia's ValidationError
 * pretty-prints the whole body (JSON.stringify(…, null, 2)), which is
 * quadratic in nesting depth (100 000 nested "[" took 9 s and ended in a 500)
 * and cost ~0.6 s for a 3 MB batch with its last alert bad; here that batch
 * costs one compiled check per alert up to the bad one. A nesting cap keeps
 * hostile depth away from any code that walks the value.
 */
import type { TArray, TObject, TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { ParseError } from 'elysia'
import { InvalidFieldError } from '../domain/errors.ts'
import type { HeadStart } from '../rca/triage.ts'
import { BodyTooDeepError, fieldName } from './errors.ts'
import { readBoundedText } from './limits.ts'

/** Deepest nesting a real payload needs is 4 ({alerts:[{labels:{}}]}); 32 leaves room. */
export const MAX_JSON_DEPTH = 32

/** True when `value` nests objects/arrays deeper than `max` (stops early). */
export function nestsDeeperThan(value: unknown, max: number, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false
  if (depth >= max) return true
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (nestsDeeperThan(child, max, depth + 1)) return true
  return false
}

/**
 * A copy that lets unknown fields through. Elysia marks a route's body schema
 * additionalProperties:false in place on first use (it strips unknown fields
 * before checking), so the shared schema object cannot be compiled as it is.
 */
function open<T extends TSchema>(schema: T): T {
  const copy = { ...schema }
  if (copy.type === 'object' && !('patternProperties' in copy)) delete copy.additionalProperties
  return copy
}

/**
 * A checker for `{ <key>: Item[], … }` that names the first bad field like
 * Elysia would ("alerts.3.severity").
 * @throws InvalidFieldError
 */
export function batchChecker(envelope: TObject, key = 'alerts') {
  const whole = TypeCompiler.Compile(open(envelope))
  const item = TypeCompiler.Compile(open((envelope.properties[key] as TArray<TSchema>).items))
  const fail = (prefix: string, e: { path: string; message: string } | undefined): never => {
    const field = fieldName(`${prefix}${e?.path ?? ''}`)
    throw new InvalidFieldError(field, `${field}: ${e?.message ?? 'invalid value'}`)
  }
  return (value: unknown): void => {
    if (whole.Check(value)) return
    const items = (value as Record<string, unknown> | null)?.[key]
    if (Array.isArray(items)) {
      for (let i = 0; i < items.length; i++) if (!item.Check(items[i])) fail(`/${key}/${i}`, item.Errors(items[i]).First())
    }
    fail('', whole.Errors(value).First())
  }
}

const headStarts = new WeakMap<object, HeadStart>()

/** The head start (rca/pool.ts) begun on this parsed body's text, if any; the route passes it on to triage. */
export function headStartOf(body: unknown): HeadStart | undefined {
  return typeof body === 'object' && body !== null ? headStarts.get(body) : undefined
}

/**
 * An Elysia `parse` function: the body as JSON whatever the content type
 * (monitoring systems send none or text/plain, PITFALLS 7), size- and
 * depth-bounded and checked against `envelope`. What it throws Elysia wraps
 * in a ParseError; http/errors.ts answers for the cause (413, 400, 422).
 * @example app.post('/incident', h, { parse: jsonBody(IncidentRequest, config.AIOPS_MAX_BODY_BYTES), body: IncidentRequest })
 */
export function jsonBody(envelope: TObject, maxBytes: number, headStart?: (text: string) => HeadStart | undefined) {
  const check = batchChecker(envelope)
  const parse = (text: string): unknown => {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new ParseError()
    }
    check(value)
    // Only an invalid value can be deep (the schemas nest 4 levels), and check() has thrown for it
    // already; the cap is for the shapes a schema leaves open.
    if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw new BodyTooDeepError(`request body nests deeper than ${MAX_JSON_DEPTH} levels`)
    return value
  }
  return async function boundedJson({ request }: { request: Request }): Promise<unknown> {
    const text = await readBoundedText(request, maxBytes)
    // Before parsing here, so the workers parse their copy at the same time.
    const started = headStart?.(text)
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
