import { describe, expect, it } from 'bun:test'
import { ChronicBaseline } from '../../src/domain/chronic-baseline.ts'

const HOUR = 3600_000
const opts = { halfLifeMs: 24 * HOUR, minBatches: 10, rareShare: 0.1, maxFingerprints: 100 }

/** `n` batches an hour apart from `t0`; `chronic` fires in every one, a fresh fingerprint in each. */
function feed(b: ChronicBaseline, n: number, t0 = 0, chronic = 'always'): number {
  for (let i = 0; i < n; i++) b.observe([chronic, `once-${t0}-${i}`], t0 + i * HOUR)
  return t0 + n * HOUR
}

describe('ChronicBaseline', () => {
  it('weighs everything 1 while it has seen too few batches (a fresh service behaves as without it)', () => {
    const b = new ChronicBaseline(opts)
    feed(b, 9)
    expect(b.weight('always')).toBe(1)
    expect(new ChronicBaseline(opts).weight('anything')).toBe(1)
  })

  it('discounts a fingerprint that fires in every batch, not a rare one', () => {
    const b = new ChronicBaseline(opts)
    feed(b, 30)
    expect(b.share('always')).toBeCloseTo(1, 6)
    expect(b.weight('always')).toBe(0)
    expect(b.weight('once-0-3')).toBe(1)
    expect(b.weight('never-seen')).toBe(1)
  })

  it('gives a fingerprint seen in a third of batches a partial weight', () => {
    const b = new ChronicBaseline(opts)
    for (let i = 0; i < 30; i++) b.observe(i % 3 === 0 ? ['sometimes'] : ['other'], i * 60_000)
    expect(b.share('sometimes')).toBeCloseTo(1 / 3, 1)
    expect(b.weight('sometimes')).toBeGreaterThan(0.3)
    expect(b.weight('sometimes')).toBeLessThan(0.6)
  })

  it('forgets: a fingerprint that stopped firing decays back towards rare', () => {
    const b = new ChronicBaseline(opts)
    let t = feed(b, 20)
    const before = b.share('always')
    // Ten days of batches without it: ten half-lives.
    for (let i = 0; i < 40; i++) b.observe(['quiet'], (t += 6 * HOUR))
    expect(b.share('always')).toBeLessThan(before / 100)
    expect(b.weight('always')).toBe(1)
  })

  it('stays within its fingerprint bound', () => {
    const b = new ChronicBaseline(opts)
    feed(b, 500)
    expect(b.size).toBeLessThanOrEqual(opts.maxFingerprints)
    // The chronic one is the most seen: pruning keeps it.
    expect(b.weight('always')).toBe(0)
  })

  it('round-trips through export/import as plain JSON', () => {
    const b = new ChronicBaseline(opts)
    feed(b, 25)
    const json = JSON.parse(JSON.stringify(b.export()))
    const c = new ChronicBaseline(opts)
    c.import(json)
    expect(c.share('always')).toBeCloseTo(b.share('always'), 9)
    expect(c.weight('once-0-1')).toBe(b.weight('once-0-1'))
    expect(c.batchesSeen).toBeCloseTo(b.batchesSeen, 6)
    // Learning continues where it left off.
    c.observe(['always'], 26 * HOUR)
    expect(c.weight('always')).toBe(0)
  })

  it('ignores a malformed saved state instead of trusting it', () => {
    const b = new ChronicBaseline(opts)
    b.import({ version: 1, atMs: Number.NaN, batches: -3, counts: { x: Number.POSITIVE_INFINITY, y: -1 } })
    expect(b.size).toBe(0)
    expect(b.weight('x')).toBe(1)
  })

  it('observeBatch takes the stream time from the batch itself, and time never runs back', () => {
    const b = new ChronicBaseline(opts)
    for (let i = 0; i < 12; i++)
      b.observeBatch([
        { fingerprint: 'a', tsMs: i * 1000 },
        { fingerprint: 'a', tsMs: i * 1000 + 5 },
      ])
    // An old batch replayed late is counted at the latest time seen.
    b.observeBatch([{ fingerprint: 'b', tsMs: 0 }])
    expect(b.batchesSeen).toBeCloseTo(13, 2)
    expect(b.share('a')).toBeCloseTo(12 / 13, 2)
  })
})
