/**
 * A batch's alert sources as one JSON text: its earliest onset and the
 * hashes of its distinct fingerprints, sorted. The thread that normalised the
 * batch (a worker, usually) writes it once, so the incident store can tell
 * which incident a batch belongs to without parsing the body again on the
 * main thread. Hashes (64-bit, domain/hash.ts) instead of the fingerprints
 * themselves: grouping only compares sets, and the text, the index and the
 * stored column stay a few bytes per source whatever the labels hold.
 */
import { hash64 } from './hash.ts'
import type { NormalizedAlert } from './model.ts'

export interface BatchSources {
  /** Hashes of the distinct alert fingerprints, sorted. */
  fingerprints: readonly string[]
  /** Earliest alert onset (epoch ms); 0 for no alert. */
  onsetMs: number
}

/** @example batchSources([{ fingerprint: 'db\u0000cpu', tsMs: 1 }]) // { fingerprints: [hash64('db\u0000cpu')], onsetMs: 1 } */
export function batchSources(alerts: ReadonlyArray<Pick<NormalizedAlert, 'fingerprint' | 'tsMs'>>): BatchSources {
  const fps = new Set<string>()
  let onsetMs = Infinity
  for (const a of alerts) {
    fps.add(a.fingerprint)
    if (a.tsMs < onsetMs) onsetMs = a.tsMs
  }
  const hashes = [...fps].map(hash64).sort()
  return { fingerprints: hashes, onsetMs: Number.isFinite(onsetMs) ? onsetMs : 0 }
}

export const sourcesText = (s: BatchSources): string => JSON.stringify([s.onsetMs, ...s.fingerprints])

/** The text back; undefined when it is not one (then the caller reads the alerts instead). */
export function readSourcesText(text: string): BatchSources | undefined {
  try {
    const v = JSON.parse(text) as unknown
    if (!Array.isArray(v) || typeof v[0] !== 'number' || !v.slice(1).every((x) => typeof x === 'string')) return undefined
    return { onsetMs: v[0], fingerprints: v.slice(1) as string[] }
  } catch {
    return undefined
  }
}
