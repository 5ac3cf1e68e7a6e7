import { describe, expect, it } from 'bun:test'
import { createBreaker } from '../../src/llm/breaker.ts'

describe('llm circuit breaker', () => {
  it('opens after the threshold of transport failures in a row and closes after the cooldown', () => {
    let t = 0
    const b = createBreaker(3, 1000, () => t)
    b.failure('timeout')
    b.failure('http_5xx')
    expect(b.allow()).toBe(true)
    b.failure('connection')
    expect(b.state()).toBe('open')
    expect(b.allow()).toBe(false)
    t = 1000
    expect(b.allow()).toBe(true)
    b.failure('timeout') // still failing after the cooldown: open again at once
    expect(b.state()).toBe('open')
  })

  it('is reset by a success', () => {
    const b = createBreaker(2, 1000, () => 0)
    b.failure('rate_limited')
    b.success()
    b.failure('rate_limited')
    expect(b.allow()).toBe(true)
  })

  it('does not count answers the model got wrong: the provider is up', () => {
    const b = createBreaker(1, 1000, () => 0)
    b.failure('parse_error')
    b.failure('invalid_root')
    expect(b.allow()).toBe(true)
  })
})
