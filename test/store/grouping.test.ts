/**
 * Grouping batches into incidents (pure): the same batch is one incident, a
 * storm growing over deliveries joins its open incident, an unrelated batch
 * and a closed incident do not, and Alertmanager groups go by their key.
 */
import { describe, expect, it } from 'bun:test'
import { hash64 } from '../../src/domain/hash.ts'
import { batchKey, chooseIncident, contentId, type OpenIncident } from '../../src/store/grouping.ts'
import { OpenIncidents } from '../../src/store/open-incidents.ts'

const NOW = 1_780_000_000_000
const key = (fps: string[], onsetMs = NOW, groupKey?: string) =>
  batchKey(
    fps.map((fingerprint, i) => ({ fingerprint, tsMs: onsetMs + i })),
    groupKey,
  )
// Open incidents hold the hashes of their sources, as batchKey gives them.
const openInc = (id: string, fps: string[], lastSeenMs = NOW, groupKey?: string): OpenIncident => ({
  id,
  fingerprints: new Set(fps.map(hash64)),
  lastSeenMs,
  ...(groupKey ? { groupKey } : {}),
})

describe('chooseIncident', () => {
  it('gives the same batch the same id, whatever the order of its alerts', () => {
    expect(contentId(key(['a', 'b', 'c']))).toBe(
      contentId(
        batchKey([
          { fingerprint: 'c', tsMs: NOW + 2 },
          { fingerprint: 'a', tsMs: NOW },
          { fingerprint: 'b', tsMs: NOW + 1 },
        ]),
      ),
    )
    expect(chooseIncident(key(['a', 'b']), [], NOW)).toEqual({ id: contentId(key(['a', 'b'])), reason: 'new' })
  })

  it('a storm that grew joins the open incident it started as', () => {
    expect(chooseIncident(key(['a', 'b', 'c', 'd', 'e']), [openInc('inc-1', ['a', 'b'])], NOW + 60_000)).toEqual({ id: 'inc-1', reason: 'overlap' })
  })

  it('an unrelated batch, or one overlapping too little, is a new incident', () => {
    expect(chooseIncident(key(['x', 'y']), [openInc('inc-1', ['a', 'b'])], NOW).reason).toBe('new')
    expect(chooseIncident(key(['a', 'x', 'y']), [openInc('inc-1', ['a', 'b', 'c'])], NOW).reason).toBe('new')
  })

  it('a closed incident (no delivery within the window) is not joined', () => {
    expect(chooseIncident(key(['a', 'b']), [openInc('inc-1', ['a', 'b'], NOW - 2 * 3_600_000)], NOW).reason).toBe('new')
  })

  it('picks the best overlap among open incidents', () => {
    const open = [openInc('inc-1', ['a', 'x', 'y', 'z']), openInc('inc-2', ['a', 'b'])]
    expect(chooseIncident(key(['a', 'b']), open, NOW).id).toBe('inc-2')
  })

  it('an Alertmanager delivery joins its own group only', () => {
    const open = [openInc('inc-plain', ['a', 'b']), openInc('inc-g1', ['q'], NOW, 'g1')]
    expect(chooseIncident(key(['a', 'b'], NOW, 'g1'), open, NOW)).toEqual({ id: 'inc-g1', reason: 'group_key' })
    expect(chooseIncident(key(['a', 'b'], NOW, 'g2'), open, NOW).reason).toBe('new')
    expect(chooseIncident(key(['q']), open, NOW).reason).toBe('new')
  })
})

describe('OpenIncidents', () => {
  it('remembers what an incident covers and forgets it once closed', () => {
    const open = new OpenIncidents(100)
    const k = key(['a', 'b'])
    open.note('inc-1', k, NOW)
    expect(open.decide(key(['a', 'b', 'c']), NOW + 1000).id).toBe('inc-1')
    open.note('inc-1', key(['a', 'b', 'c']), NOW + 1000)
    expect(open.decide(key(['c', 'd']), NOW + 2000).id).toBe('inc-1')
    expect(open.isOpen('inc-1', NOW + 2 * 3_600_000)).toBe(false)
    open.note('inc-2', key(['z']), NOW + 2 * 3_600_000)
    expect(open.size).toBe(1)
  })

  it('keeps at most its cap, dropping the least recently seen', () => {
    const open = new OpenIncidents(2)
    open.note('inc-1', key(['a']), NOW)
    open.note('inc-2', key(['b']), NOW + 1)
    open.touch('inc-1', NOW + 2)
    open.note('inc-3', key(['c']), NOW + 3)
    expect(open.size).toBe(2)
    expect(open.isOpen('inc-2', NOW + 3)).toBe(false)
    expect(open.isOpen('inc-1', NOW + 3)).toBe(true)
  })
})
