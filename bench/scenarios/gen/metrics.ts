/**
 * Per-metric alert conventions: alert name, typical thresholds, how far past the threshold a
 * firing value lands, and how it drifts between repeated firings. Kept apart from the
 * propagation logic so values look plausible without the model caring about units.
 */
import type { Metric } from './faults.ts'
import { hashSeed, type Rng } from './prng.ts'

interface MetricSpec {
  alertname: string
  thresholds: readonly number[]
  /** Firing value for a threshold at a given intensity in [0, 1]. */
  value: (rng: Rng, threshold: number, intensity: number) => number
  /** Largest plausible value (percentages and fractions saturate). */
  max: number
  decimals: number
}

const pct = (rng: Rng, t: number, k: number) => t + (100 - t) * Math.min(1, 0.15 + k * rng.float(0.3, 0.9))
const frac = (rng: Rng, t: number, k: number) => t + (1 - t) * Math.min(1, 0.1 + k * rng.float(0.3, 0.9))

const SPECS: Record<Metric, MetricSpec> = {
  cpu_util: { alertname: 'CPUThrottlingHigh', thresholds: [80, 85, 90], value: pct, max: 100, decimals: 2 },
  mem_util: { alertname: 'ContainerMemoryHigh', thresholds: [85, 90], value: pct, max: 100, decimals: 2 },
  disk_util: { alertname: 'VolumeFillingUp', thresholds: [85, 90, 95], value: pct, max: 100, decimals: 2 },
  conn_pool_used: { alertname: 'ConnPoolNearlyExhausted', thresholds: [0.8, 0.9], value: frac, max: 1, decimals: 3 },
  saturation: { alertname: 'WorkQueueSaturated', thresholds: [0.75, 0.8, 0.85], value: frac, max: 1, decimals: 3 },
  restarts: {
    alertname: 'PodRestartsHigh',
    thresholds: [2, 3, 5],
    value: (rng, t, k) => t + Math.round(1 + k * rng.int(1, 8)),
    max: 500,
    decimals: 0,
  },
  error_rate: {
    alertname: 'ErrorRateHigh',
    thresholds: [0.01, 0.02, 0.05],
    value: (rng, t, k) => t * (1.3 + k * rng.float(1, 12)),
    max: 1,
    decimals: 4,
  },
  latency_p99_ms: {
    alertname: 'LatencyP99High',
    thresholds: [200, 300, 500, 800, 1500],
    value: (rng, t, k) => t * (1.1 + k * rng.float(0.5, 6)),
    max: 120_000,
    decimals: 1,
  },
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals
  return Math.round(x * f) / f
}

export function alertnameOf(metric: Metric): string {
  return SPECS[metric].alertname
}

/** The alert rule's threshold: fixed per service and metric, as one rule covers every pod. */
export function thresholdFor(service: string, metric: Metric): number {
  const options = SPECS[metric].thresholds
  return options[hashSeed(service, metric) % options.length] ?? options[0] ?? 1
}

/** A first firing value at `intensity` (0 = barely over, 1 = pegged). */
export function firstValue(rng: Rng, metric: Metric, threshold: number, intensity: number): number {
  const s = SPECS[metric]
  return round(Math.min(s.max, Math.max(threshold * 1.0001, s.value(rng, threshold, intensity))), s.decimals)
}

/** The next firing's value: a random walk that stays above the threshold (it is still firing). */
export function nextValue(rng: Rng, metric: Metric, threshold: number, prev: number): number {
  const s = SPECS[metric]
  // Restart counters only grow; gauges wander.
  const v = metric === 'restarts' ? prev + rng.int(0, 2) : prev * rng.float(0.94, 1.08)
  return round(Math.min(s.max, Math.max(threshold * 1.0001, v)), s.decimals)
}
