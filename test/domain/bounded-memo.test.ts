import { describe, expect, it } from 'bun:test'
import { remember } from '../../src/domain/bounded-memo.ts'

describe('domain/bounded-memo', () => {
  it('computes once per key and never holds more than max entries', () => {
    const memo = new Map<number, number>()
    let calls = 0
    const square = (n: number) => remember(memo, 3, n, () => (calls++, n * n))
    expect([square(2), square(2), square(3)]).toEqual([4, 4, 9])
    expect(calls).toBe(2)
    for (let n = 0; n < 10; n++) square(n)
    expect(memo.size).toBeLessThanOrEqual(3)
    expect(square(9)).toBe(81)
  })
})
