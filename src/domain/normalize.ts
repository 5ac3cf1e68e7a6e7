/**
 * Turns validated request alerts into NormalizedAlerts: epoch-ms time, labels
 * present, fingerprint computed. Rejects what the compiled schema does not
 * check (a timestamp that is not one, duplicate ids, over-long label names)
 * with the offending field's path.
 */
import { EmptyBatchError, InvalidFieldError } from './errors.ts'
import { fingerprint } from './fingerprint.ts'
import { MAX_LABEL_NAME, type Alert, type NormalizedAlert } from './model.ts'
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
    for (const name in labels) {
      if (name.length > MAX_LABEL_NAME)
        throw new InvalidFieldError(`alerts.${i}.labels`, `alerts.${i}.labels: label names must be at most ${MAX_LABEL_NAME} characters`)
    }
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
