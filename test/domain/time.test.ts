import { describe, expect, it } from 'bun:test'
import { formatTs, parseTs } from '../../src/domain/time.ts'

describe('parseTs', () => {
  const cases: Array<[string, string | number, number | null]> = [
    // name, input, epoch ms (null = rejected)
    ['RFC 3339 with Z', '2026-06-08T03:14:22Z', Date.UTC(2026, 5, 8, 3, 14, 22)],
    ['RFC 3339 with offset', '2026-06-08T05:14:22+02:00', Date.UTC(2026, 5, 8, 3, 14, 22)],
    ['RFC 3339 with fraction', '2026-06-08T03:14:22.250Z', Date.UTC(2026, 5, 8, 3, 14, 22, 250)],
    ['epoch seconds', 1780888462, 1780888462000],
    ['fractional epoch seconds', 1780888462.5, 1780888462500],
    ['a date without time', '2026-06-08', null],
    ['a local time without a zone', '2026-06-08T03:14:22', null],
    ['an offset without a colon', '2026-06-08T03:14:22+0200', null],
    ['hour 24', '2026-06-08T24:00:00Z', null],
    ['a year before 1970', '0099-06-08T03:14:22Z', null],
    ['a year after 2200', '2201-01-01T00:00:00Z', null],
    ['an empty fraction', '2026-06-08T03:14:22.Z', null],
    ['nanoseconds', '2026-06-08T03:14:22.123456789Z', Date.UTC(2026, 5, 8, 3, 14, 22, 123)],
    ['a space and lower-case z', '2026-06-08 03:14:22z', Date.UTC(2026, 5, 8, 3, 14, 22)],
    ['free text', 'yesterday', null],
    ['negative epoch', -5, null],
    ['epoch milliseconds sent as seconds', 1780888462000, null],
  ]
  for (const [name, input, expected] of cases) {
    it(`parses ${name}`, () => expect(parseTs(input)).toBe(expected))
  }
})

describe('formatTs', () => {
  it('prints whole seconds without a fraction', () => expect(formatTs(1780888462000)).toBe('2026-06-08T03:14:22Z'))
  it('keeps milliseconds when present', () => expect(formatTs(1780888462500)).toBe('2026-06-08T03:14:22.500Z'))
})
