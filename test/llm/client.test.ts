import { describe, expect, it } from 'bun:test'
import OpenAI from 'openai'
import { classifyError, createLlmClient, LlmError } from '../../src/llm/client.ts'

describe('llm client', () => {
  it('constructs nothing until the first call, so an empty key cannot throw at start', () => {
    expect(() => createLlmClient({ apiKey: '', model: 'm', timeoutMs: 100, maxRetries: 0 })).not.toThrow()
  })

  it('reports a refused connection as connection, quickly', async () => {
    const c = createLlmClient({ apiKey: 'k', baseURL: 'http://127.0.0.1:1/v1', model: 'm', timeoutMs: 500, maxRetries: 0 })
    const err = await c.complete({ system: 's', user: 'u' }, new AbortController().signal).catch((e) => e)
    expect(classifyError(err)).toBe('connection')
  })

  const cases: Array<[string, unknown, string]> = [
    ['our deadline abort', new OpenAI.APIUserAbortError(), 'timeout'],
    ['the SDK timeout', new OpenAI.APIConnectionTimeoutError(), 'timeout'],
    ['a 429', new OpenAI.RateLimitError(429, undefined, 'slow', new Headers()), 'rate_limited'],
    ['a 503', new OpenAI.InternalServerError(503, undefined, 'down', new Headers()), 'http_5xx'],
    ['a 401', new OpenAI.AuthenticationError(401, undefined, 'key', new Headers()), 'http_4xx'],
    ['an empty answer', new LlmError('parse_error', 'empty'), 'parse_error'],
  ]
  for (const [name, e, reason] of cases) {
    it(`classifies ${name} as ${reason}`, () => expect(classifyError(e)).toBe(reason as never))
  }
})
