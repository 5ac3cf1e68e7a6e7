/**
 * An alert's fingerprint identifies its source, not its occurrence: the same
 * service, metric and labels give the same fingerprint whatever the id, ts or
 * value (Alertmanager fingerprints label sets the same way). It is the
 * canonical text itself (service, metric, sorted labels, NUL-separated), not
 * a hash of it: it is only ever a Map key inside one request, and hashing
 * every alert cost more than the rest of normalisation; cluster ids hash the
 * set of fingerprints once per cluster.
 */
export interface FingerprintInput {
  service: string
  metric: string
  labels?: Readonly<Record<string, string>>
}

/**
 * Insertion sort: label sets are small (bounded at 64) and usually arrive
 * already sorted (Prometheus sorts label names), where this is one linear
 * pass; Array#sort costs ~0.3 µs per alert even then.
 */
function sortInPlace(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!
    let j = i - 1
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!
      j--
    }
    keys[j + 1] = k
  }
  return keys
}

/** @example fingerprint({ service: 'db', metric: 'cpu_util', labels: { pod: 'db-0' } }) */
export function fingerprint(alert: FingerprintInput): string {
  const labels = alert.labels ?? {}
  const keys = sortInPlace(Object.keys(labels))
  // \u0000 cannot appear in a sensible label, so fields cannot run into each other.
  let text = `${alert.service}\u0000${alert.metric}`
  for (const k of keys) text += `\u0000${k}=${labels[k]}`
  return text
}
