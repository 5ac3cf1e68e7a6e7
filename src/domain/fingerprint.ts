/**
 * An alert's fingerprint identifies its source, not its occurrence: the same
 * service, metric and labels give the same fingerprint whatever the id, ts or
 * value (Alertmanager fingerprints label sets the same way).
 */
import { hash64 } from './hash.ts'

export interface FingerprintInput {
  service: string
  metric: string
  labels?: Readonly<Record<string, string>>
}

/** @example fingerprint({ service: 'db', metric: 'cpu_util', labels: { pod: 'db-0' } }) */
export function fingerprint(alert: FingerprintInput): string {
  const labels = alert.labels ?? {}
  const keys = Object.keys(labels)
  if (keys.length > 1) keys.sort()
  // \u0000 cannot appear in a sensible label, so fields cannot run into each other.
  let text = `${alert.service}\u0000${alert.metric}`
  for (const k of keys) text += `\u0000${k}=${labels[k]}`
  return hash64(text)
}
