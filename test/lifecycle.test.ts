import { describe, expect, it } from 'bun:test'
import { drain } from '../src/lifecycle.ts'

describe('drain', () => {
  it('returns once nothing has been pending for two checks in a row', async () => {
    const pending = [2, 1, 0, 1, 0, 0, 5]
    let i = 0
    expect(await drain(() => pending[i++] ?? 0, 1000, 1)).toBe(true)
    expect(i).toBe(6) // the 0 that was followed by a 1 did not count as quiet
  })

  it('gives up after the deadline while requests keep coming', async () => {
    const t = performance.now()
    expect(await drain(() => 1, 50, 5)).toBe(false)
    expect(performance.now() - t).toBeGreaterThanOrEqual(45)
  })
})
