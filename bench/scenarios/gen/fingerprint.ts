/**
 * Alert sources ("fingerprints": service + metric + labels) and their repeated firings. A
 * fingerprint fires first at its onset, then again every interval until its incident ends,
 * each time with a new id, timestamp and value, as Alertmanager re-notifies a still-firing
 * alert.
 */
import type { Severity } from '../scenario.ts'
import type { Metric } from './faults.ts'
import { alertnameOf, firstValue, nextValue, thresholdFor } from './metrics.ts'
import type { Rng } from './prng.ts'

export interface Fingerprint {
  service: string
  metric: Metric
  severity: Severity
  labels: Record<string, string>
  threshold: number
  value: number
  /** Seconds from the batch's time origin. */
  onsetSec: number
  intervalSec: number
  /** Incident index, or -1 for noise. */
  group: number
  /** Distance from the incident root (0 = root; noise uses -1). */
  hop: number
}

export interface Firing {
  fp: Fingerprint
  tsSec: number
  value: number
}

export interface FingerprintSpec {
  node: { name: string; team: string; pods: readonly string[] }
  pod: string
  metric: Metric
  severity: Severity
  intensity: number
  onsetSec: number
  group: number
  hop: number
  /** Labels shared by the batch (env, region). */
  common: Record<string, string>
  extraLabels?: Record<string, string>
}

/** Build a fingerprint; about one in ten omits `alertname`, as hand-written rules do. */
export function makeFingerprint(rng: Rng, s: FingerprintSpec): Fingerprint {
  const threshold = thresholdFor(s.node.name, s.metric)
  const labels: Record<string, string> = { ...s.common, pod: s.pod, team: s.node.team }
  if (rng.chance(0.9)) labels.alertname = alertnameOf(s.metric)
  Object.assign(labels, s.extraLabels ?? {})
  return {
    service: s.node.name,
    metric: s.metric,
    severity: s.severity,
    labels,
    threshold,
    value: firstValue(rng, s.metric, threshold, s.intensity),
    onsetSec: s.onsetSec,
    intervalSec: rng.float(20, 60),
    group: s.group,
    hop: s.hop,
  }
}

/** How many times `fp` fires if its incident lasts until `endSec` (always at least once). */
export function firingCount(fp: Fingerprint, endSec: number): number {
  return Math.max(1, Math.floor((endSec - fp.onsetSec) / fp.intervalSec) + 1)
}

/** Materialise `count` firings with jittered spacing and drifting values. */
export function fire(rng: Rng, fp: Fingerprint, count: number): Firing[] {
  const out: Firing[] = []
  let value = fp.value
  for (let k = 0; k < count; k++) {
    // Evaluation-interval jitter: firings are near, not exactly on, the repeat grid.
    const tsSec = fp.onsetSec + k * fp.intervalSec + rng.float(-3, 3)
    out.push({ fp, tsSec, value })
    value = nextValue(rng, fp.metric, fp.threshold, value)
  }
  return out
}

/**
 * Smallest incident end time at which the fingerprints fire about `budget` times in total
 * (binary search: the count only grows with the end time). A fingerprint whose onset is
 * after the end still fires once, so late callers are never silently dropped.
 */
export function endForBudget(fps: readonly Fingerprint[], budget: number, maxSpanSec = 7200): number {
  if (fps.length === 0) return 0
  const start = Math.min(...fps.map((f) => f.onsetSec))
  const total = (end: number) => fps.reduce((n, f) => n + firingCount(f, end), 0)
  let lo = start
  let hi = start + maxSpanSec
  if (total(lo) >= budget) return lo
  if (total(hi) <= budget) return hi
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2
    if (total(mid) < budget) lo = mid
    else hi = mid
  }
  // Prefer the end whose total is closest to the budget.
  return budget - total(lo) < total(hi) - budget ? lo : hi
}
