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
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
  // \u0000 cannot appear in a sensible label, so fields cannot run into each other.
  return hash64([alert.service, alert.metric, ...parts].join('\u0000'))
}
