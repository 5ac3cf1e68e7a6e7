/**
 * Time segments of a batch: maximal runs of sources (in onset order) where
 * each onset is within the link window of the one before. Every rule of
 * correlation (correlate.ts, orphans.ts) joins two sources only when their
 * onsets are at most `gapSec` apart, or SKEW_SEC for a callee that starts
 * after its caller; so sources in different segments can never share a
 * cluster, and each segment correlates on its own. That makes a segment the
 * unit of parallel work (rca/pool.ts): a batch holding several incidents an
 * hour apart becomes several independent tasks. Pure.
 */
import type { NormalizedAlert } from './model.ts'
import { SKEW_SEC } from './skew.ts'
import { collapseSources, type Source } from './sources.ts'

/** The largest onset distance any correlation rule links across, in ms. */
export function linkWindowMs(gapSec: number): number {
  return Math.max(gapSec, SKEW_SEC) * 1000
}

/**
 * @param sources sorted by onset (collapseSources' order)
 * @example splitByOnset(sources, linkWindowMs(120)) // [[s1, s2], [s3]] when s3 starts > 2 min after s2
 */
export function splitByOnset(sources: readonly Source[], windowMs: number): Source[][] {
  const segments: Source[][] = []
  let current: Source[] = []
  for (const s of sources) {
    if (current.length > 0 && s.onsetMs - current[current.length - 1]!.onsetMs > windowMs) {
      segments.push(current)
      current = []
    }
    current.push(s)
  }
  if (current.length > 0) segments.push(current)
  return segments
}

/**
 * A batch's repeats collapsed into sources and split into time segments: what
 * triage, correlate and the shadow's candidate run all start from.
 */
export function segmentsOf(alerts: readonly NormalizedAlert[], gapSec: number): Source[][] {
  return splitByOnset(collapseSources(alerts), linkWindowMs(gapSec))
}
