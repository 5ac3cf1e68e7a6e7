import { describe, expect, it } from 'bun:test'
import { abortClaims, claimEach, claimOrder, claimsAborted, createClaims } from '../../src/rca/claims.ts'

describe('rca/claims', () => {
  it('orders segments largest first, ties by index', () => {
    expect(claimOrder([[1], [1, 2, 3], [1, 2], [4, 5, 6], []])).toEqual([1, 3, 2, 0, 4])
  })

  it('lets two claimers on one counter share the segments, each exactly once', () => {
    const claims = createClaims()
    const order = claimOrder([[1, 2], [1], [1, 2, 3], [1], [1, 2]])
    let other: number[] = []
    // While the first claimer works on its first segment, the second one takes all the rest.
    const first = claimEach(claims, order, () => {
      if (other.length === 0) other = claimEach(claims, order, () => {})
    })
    expect(first).toEqual([2])
    expect(other).toEqual([0, 4, 1, 3])
    expect([...first, ...other].toSorted()).toEqual([0, 1, 2, 3, 4])
  })

  it('stops claiming once the head start is aborted', () => {
    const claims = createClaims()
    expect(claimsAborted(claims)).toBe(false)
    const done = claimEach(claims, [0, 1, 2, 3], (i) => {
      if (i === 1) abortClaims(claims)
    })
    expect(done).toEqual([0, 1])
    expect(claimsAborted(claims)).toBe(true) // a worker yet to start on the body skips it
    expect(claimEach(claims, [0, 1, 2, 3], () => {})).toEqual([])
  })
})
