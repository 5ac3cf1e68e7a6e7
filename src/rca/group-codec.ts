/**
 * A compact wire form of an AlertGroup for the worker pool. Shipping a group
 * is the pool's main overhead (JSON out on the main thread, JSON in on the
 * worker), and three quarters of it was the alerts, each repeating the
 * service, metric, labels and fingerprint its source already carries. Here an
 * alert travels as a tuple naming its source; decoding rebuilds the very same
 * objects. decodeGroup builds a full NormalizedAlert literal, so a new field
 * on NormalizedAlert fails the typecheck here instead of going missing.
 */
import type { AlertGroup } from '../domain/correlate.ts'
import type { NormalizedAlert, Severity } from '../domain/model.ts'
import type { Source } from '../domain/sources.ts'

/** [id, tsMs, severity, value, threshold, index of its source in `sources`] */
export type AlertTuple = [string, number, Severity, number, number, number]

export interface EncodedGroup {
  sources: Source[]
  alerts: AlertTuple[]
}

/** @example decodeGroup(JSON.parse(JSON.stringify(encodeGroup(g)))) // deep-equals g */
export function encodeGroup(group: AlertGroup): EncodedGroup {
  const sourceOf = new Map<string, number>()
  group.sources.forEach((s, i) => sourceOf.set(s.fingerprint, i))
  const alerts = group.alerts.map((a): AlertTuple => {
    const si = sourceOf.get(a.fingerprint)
    // An alert whose source is not in the group cannot be rebuilt from it; never expected (correlate builds both from the same sources).
    if (si === undefined) throw new Error(`alert ${a.id} has no source in its group`)
    return [a.id, a.tsMs, a.severity, a.value, a.threshold, si]
  })
  return { sources: group.sources, alerts }
}

export function decodeGroup(encoded: EncodedGroup): AlertGroup {
  const { sources } = encoded
  const alerts = encoded.alerts.map(([id, tsMs, severity, value, threshold, si]): NormalizedAlert => {
    const s = sources[si]!
    return { id, tsMs, service: s.service, metric: s.metric, severity, value, threshold, labels: s.labels, fingerprint: s.fingerprint }
  })
  return { sources, alerts }
}
