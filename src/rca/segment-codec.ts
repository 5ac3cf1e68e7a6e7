/**
 * A compact wire form of one time segment (domain/segments.ts) for the worker
 * pool: its sources and, as tuples, the alerts they collapsed. Shipping is the
 * pool's main overhead (JSON out on the main thread, JSON in on the worker),
 * and an alert mostly repeats what its source already carries (service,
 * metric, labels, fingerprint), so it travels as [id, ts, severity, value,
 * threshold, index of its source]. Decoding gives a self-contained segment:
 * its own alert array, and sources whose alertIndexes point into it.
 * decodeSegment builds full NormalizedAlert and Source literals, so a new field
 * on either fails the typecheck here instead of going missing.
 */
import type { NormalizedAlert, Severity } from '../domain/model.ts'
import type { Source } from '../domain/sources.ts'

/** [id, tsMs, severity, value, threshold, index of its source in `sources`] */
export type AlertTuple = [string, number, Severity, number, number, number]

export type WireSource = Omit<Source, 'alertIndexes'>

export interface EncodedSegment {
  sources: WireSource[]
  alerts: AlertTuple[]
}

/** A segment as correlateSegment takes it: sources whose alertIndexes point into `alerts`. */
export interface SegmentInput {
  sources: Source[]
  alerts: NormalizedAlert[]
}

/** @example decodeSegment(JSON.parse(JSON.stringify(encodeSegment(segment, batchAlerts)))) */
export function encodeSegment(segment: readonly Source[], alerts: readonly NormalizedAlert[]): EncodedSegment {
  const tuples: AlertTuple[] = []
  const sources = segment.map((s, si): WireSource => {
    for (const i of s.alertIndexes) {
      const a = alerts[i]!
      tuples.push([a.id, a.tsMs, a.severity, a.value, a.threshold, si])
    }
    return { fingerprint: s.fingerprint, service: s.service, metric: s.metric, labels: s.labels, scope: s.scope, onsetMs: s.onsetMs, lastMs: s.lastMs, count: s.count, severity: s.severity, peakRatio: s.peakRatio }
  })
  return { sources, alerts: tuples }
}

export function decodeSegment(encoded: EncodedSegment): SegmentInput {
  const indexes: number[][] = encoded.sources.map(() => [])
  const alerts = encoded.alerts.map(([id, tsMs, severity, value, threshold, si], k): NormalizedAlert => {
    const s = encoded.sources[si]!
    indexes[si]!.push(k)
    return { id, tsMs, service: s.service, metric: s.metric, severity, value, threshold, labels: s.labels, fingerprint: s.fingerprint }
  })
  const sources = encoded.sources.map((s, si): Source => ({ ...s, alertIndexes: indexes[si]! }))
  return { sources, alerts }
}
