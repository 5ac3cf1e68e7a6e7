/**
 * The model's answer: a TypeBox schema and a validator that turns raw text
 * into a usable answer or a stable failure reason. Text that is not the JSON
 * object asked for is `parse_error`; a root outside the cluster's candidates
 * and alerting services is `invalid_root` (the model may refine the graph's
 * choice, never invent a service). Pure.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

export const LlmAnswer = Type.Object({
  root_cause: Type.String({ minLength: 1, maxLength: 256 }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  rationale: Type.String({ minLength: 1, maxLength: 2000 }),
  actions: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 20 }),
})
export type LlmAnswer = Static<typeof LlmAnswer>

export type AnswerResult = { ok: true; answer: LlmAnswer } | { ok: false; reason: 'parse_error' | 'invalid_root'; detail: string }

const MAX_ACTIONS = 5

// Some OpenAI-compatible servers ignore response_format and wrap JSON in a fence.
function unfence(text: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text)
  return m ? m[1]! : text
}

/**
 * Parse and check the model's text against the schema and the allowed roots.
 * @example parseAnswer('{"root_cause":"db","confidence":0.8,"rationale":"…","actions":[]}', ['db']).ok // true
 */
export function parseAnswer(text: string, allowed: readonly string[]): AnswerResult {
  let raw: unknown
  try {
    raw = JSON.parse(unfence(text))
  } catch {
    return { ok: false, reason: 'parse_error', detail: 'answer is not JSON' }
  }
  if (!Value.Check(LlmAnswer, raw)) {
    const first = Value.Errors(LlmAnswer, raw).First()
    return { ok: false, reason: 'parse_error', detail: first ? `${first.path || '/'}: ${first.message}` : 'schema mismatch' }
  }
  const root = raw.root_cause.trim()
  if (!allowed.includes(root)) return { ok: false, reason: 'invalid_root', detail: `root '${root.slice(0, 80)}' is not a candidate or alerting service` }
  const actions = [...new Set(raw.actions.map((a) => a.trim()).filter((a) => a !== ''))].slice(0, MAX_ACTIONS)
  return { ok: true, answer: { root_cause: root, confidence: raw.confidence, rationale: raw.rationale.trim(), actions } }
}
