/**
 * Turns validated request alerts into NormalizedAlerts: epoch-ms time, labels
 * present, fingerprint computed. Rejects what the schema cannot express (a
 * timestamp that is not one, duplicate ids) with the offending field's path.
 */
import { EmptyBatchError, InvalidFieldError } from './errors.ts'
import { fingerprint } from './fingerprint.ts'
import type { Alert, NormalizedAlert } from './model.ts'
import { parseTs } from './time.ts'

/** @throws EmptyBatchError | InvalidFieldError */
export function normalizeAlerts(alerts: readonly Alert[]): NormalizedAlert[] {
  if (alerts.length === 0) throw new EmptyBatchError()
  const seen = new Set<string>()
  return alerts.map((a, i) => {
    const tsMs = parseTs(a.ts)
    if (tsMs === null) {
      throw new InvalidFieldError(`alerts.${i}.ts`, `alerts.${i}.ts must be an RFC 3339 string or epoch seconds`)
    }
    if (seen.has(a.id)) throw new InvalidFieldError(`alerts.${i}.id`, `alerts.${i}.id '${a.id}' is not unique in the batch`)
    seen.add(a.id)
    const labels = a.labels ?? {}
    return {
      id: a.id,
      tsMs,
      service: a.service,
      metric: a.metric,
      severity: a.severity,
      value: a.value,
      threshold: a.threshold,
      labels,
      fingerprint: fingerprint({ service: a.service, metric: a.metric, labels }),
    }
  })
}
