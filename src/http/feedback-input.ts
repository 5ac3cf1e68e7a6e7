/**
 * The body of POST /incidents/{id}/feedback, read from JSON (the page's
 * script, API clients) or from a plain HTML form post (the page without
 * JavaScript: root_cause, actions one a line, note, and confirm=1 for the
 * "Confirm" button, which takes the answer's root). One set of limits for
 * both, a 422 naming the field otherwise.
 */
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { InvalidFieldError } from '../domain/errors.ts'
import { fieldName, MalformedJsonError } from '../incident/errors.ts'
import { readBoundedText } from './limits.ts'

export const FeedbackInput = Type.Object(
  {
    root_cause: Type.String({ minLength: 1, maxLength: 256 }),
    actions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 50 })),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
)
export type FeedbackInput = Static<typeof FeedbackInput>

// A verdict is a root, a few actions and a note: far below this; more is not feedback.
const MAX_BYTES = 64 * 1024
const check = TypeCompiler.Compile(FeedbackInput)

/** A form post (the page without script) rather than JSON. */
export function isFormPost(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
}

function checked(value: unknown): FeedbackInput {
  if (check.Check(value)) return value
  const field = fieldName(check.Errors(value).First()?.path)
  throw new InvalidFieldError(field, `${field}: ${check.Errors(value).First()?.message ?? 'invalid value'}`)
}

/**
 * The feedback of a form post; `answerRoot` is what "Confirm" confirms.
 * @example feedbackFromForm('root_cause=payment&actions=a%0Ab', 'payment-db') // { root_cause: 'payment', actions: ['a', 'b'] }
 */
export function feedbackFromForm(text: string, answerRoot: string): FeedbackInput {
  const form = new URLSearchParams(text)
  const root = form.get('confirm') === '1' ? answerRoot : (form.get('root_cause') ?? '').trim()
  const actions = (form.get('actions') ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
  const note = (form.get('note') ?? '').trim()
  return checked({ root_cause: root, ...(actions.length > 0 ? { actions } : {}), ...(note ? { note } : {}) })
}

/** The feedback of a JSON body, whatever its content type; 400 when it is not JSON. */
export function feedbackFromJson(text: string): FeedbackInput {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new MalformedJsonError()
  }
  return checked(value)
}

/** Reads the request's body (bounded) as a form or as JSON. */
export async function readFeedback(request: Request, answerRoot: string): Promise<FeedbackInput> {
  const text = await readBoundedText(request, MAX_BYTES)
  return isFormPost(request) ? feedbackFromForm(text, answerRoot) : feedbackFromJson(text)
}
