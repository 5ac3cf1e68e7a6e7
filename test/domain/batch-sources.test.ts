/**
 * A batch's alert sources as text (pure): the hashes of the distinct
 * fingerprints sorted, the earliest onset, and a round trip that survives any
 * character.
 */
import { describe, expect, it } from 'bun:test'
import { batchSources, readSourcesText, sourcesText } from '../../src/domain/batch-sources.ts'
import { hash64 } from '../../src/domain/hash.ts'

describe('batchSources', () => {
  it('keeps each source once, hashed and sorted, with the earliest onset', () => {
    expect(
      batchSources([
        { fingerprint: 'b', tsMs: 5 },
        { fingerprint: 'a', tsMs: 9 },
        { fingerprint: 'b', tsMs: 2 },
      ]),
    ).toEqual({ fingerprints: [hash64('a'), hash64('b')].sort(), onsetMs: 2 })
    expect(batchSources([])).toEqual({ fingerprints: [], onsetMs: 0 })
  })

  it('reads back what it wrote, whatever the labels hold', () => {
    const s = { fingerprints: ['db\u0000cpu\u0000pod=x\n"y"', 'web\u0000err\u0002'], onsetMs: 1_780_000_000_000 }
    expect(readSourcesText(sourcesText(s))).toEqual(s)
  })

  it.each(['', 'not json', '{"a":1}', '["x"]', '[1, 2]'])('%p is not a sources text', (text) => {
    expect(readSourcesText(text)).toBeUndefined()
  })
})
