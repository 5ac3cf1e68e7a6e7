import { describe, expect, it } from 'bun:test'
import { parseAnswer } from '../../src/llm/answer.ts'

const ALLOWED = ['payment', 'payment-db']
const good = { root_cause: 'payment-db', confidence: 0.8, rationale: 'db first.', actions: ['Raise the pool'] }

describe('parseAnswer', () => {
  const cases: Array<{ name: string; text: string; reason?: 'parse_error' | 'invalid_root' }> = [
    // the shape asked for
    { name: 'accepts a valid answer naming an allowed service', text: JSON.stringify(good) },
    // some OpenAI-compatible servers ignore response_format
    { name: 'accepts JSON wrapped in a ```json fence', text: '```json\n' + JSON.stringify(good) + '\n```' },
    { name: 'rejects text that is not JSON as parse_error', text: 'The root cause is payment-db.', reason: 'parse_error' },
    { name: 'rejects a missing rationale as parse_error', text: JSON.stringify({ ...good, rationale: undefined }), reason: 'parse_error' },
    { name: 'rejects confidence above 1 as parse_error', text: JSON.stringify({ ...good, confidence: 1.5 }), reason: 'parse_error' },
    { name: 'rejects a JSON array as parse_error', text: '[1,2]', reason: 'parse_error' },
    {
      name: 'rejects a root outside candidates and alerting services as invalid_root',
      text: JSON.stringify({ ...good, root_cause: 'dns' }),
      reason: 'invalid_root',
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const r = parseAnswer(c.text, ALLOWED)
      if (c.reason) expect(r).toMatchObject({ ok: false, reason: c.reason })
      else expect(r).toMatchObject({ ok: true, answer: { root_cause: 'payment-db', confidence: 0.8 } })
    })
  }

  it('trims, deduplicates and caps the actions at five', () => {
    const r = parseAnswer(JSON.stringify({ ...good, actions: [' a ', 'a', 'b', 'c', 'd', 'e', 'f'] }), ALLOWED)
    expect(r.ok && r.answer.actions).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})
