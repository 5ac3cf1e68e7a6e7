/**
 * The fault catalogue: what can break at a root service, which alerts the root itself raises,
 * and which symptoms its callers show. Three families: resource faults (the root raises
 * cpu/mem/restarts/conn-pool/disk/saturation alerts), code-exception faults (the root shows only
 * error_rate or latency_p99_ms, like its callers) and, decided per incident, silent roots.
 * Also carries the words history entries are written with.
 */
import type { Tier } from '../scenario.ts'
import type { Rng } from './prng.ts'

export type Metric = 'latency_p99_ms' | 'error_rate' | 'saturation' | 'cpu_util' | 'mem_util' | 'conn_pool_used' | 'disk_util' | 'restarts'

export interface FaultKind {
  name: string
  /** The first metric always fires at a non-silent root; each further one with its probability. */
  rootMetrics: readonly (readonly [Metric, number])[]
  /** Relative likelihood per root tier (absent = cannot happen there). */
  tiers: Partial<Record<Tier, number>>
  /** Symptom metrics callers raise, with weights. */
  callerSymptoms: readonly (readonly [Metric, number])[]
  title: string
  actions: readonly string[]
  resolution: string
}

// `{s}` is replaced by the root service's name.
export const FAULTS: readonly FaultKind[] = [
  {
    name: 'cpu_saturation',
    rootMetrics: [
      ['cpu_util', 1],
      ['saturation', 0.6],
      ['latency_p99_ms', 0.4],
    ],
    tiers: { edge: 1, service: 1, db: 0.6, cache: 0.3, queue: 0.3 },
    callerSymptoms: [
      ['latency_p99_ms', 0.7],
      ['saturation', 0.3],
      ['error_rate', 0.1],
    ],
    title: 'CPU throttling on {s} slowed its callers',
    actions: ['Raise the CPU limit for {s}', 'Scale {s} out by two replicas', 'Profile the hot path of {s} and revert the last config change'],
    resolution: 'Scaled {s} out; p99 back under the SLO within 20 minutes.',
  },
  {
    name: 'memory_leak',
    rootMetrics: [
      ['mem_util', 1],
      ['restarts', 0.6],
    ],
    tiers: { edge: 0.6, service: 1, cache: 0.6 },
    callerSymptoms: [
      ['error_rate', 0.6],
      ['latency_p99_ms', 0.4],
    ],
    title: 'Memory leak in {s}: pods OOM-killed, errors upstream',
    actions: ['Roll back {s} to the previous image', 'Restart {s} pods to reclaim memory', 'Capture a heap dump from one {s} pod'],
    resolution: 'Rolled back {s}; the leak was fixed in the next release.',
  },
  {
    name: 'crash_loop',
    rootMetrics: [
      ['restarts', 1],
      ['mem_util', 0.3],
    ],
    tiers: { edge: 0.5, service: 1, queue: 0.4 },
    callerSymptoms: [
      ['error_rate', 0.8],
      ['latency_p99_ms', 0.2],
    ],
    title: '{s} stuck in CrashLoopBackOff after a config push',
    actions: ['Revert the latest config for {s}', 'Check the liveness probe of {s}', 'Inspect the last logs of the crashing {s} pods'],
    resolution: 'Reverted the config map; {s} pods came up healthy.',
  },
  {
    name: 'conn_pool_exhaustion',
    rootMetrics: [
      ['conn_pool_used', 1],
      ['latency_p99_ms', 0.5],
    ],
    tiers: { db: 1, service: 0.5, cache: 0.4 },
    callerSymptoms: [
      ['latency_p99_ms', 0.6],
      ['error_rate', 0.4],
      ['saturation', 0.2],
    ],
    title: 'Connection pool exhausted on {s}',
    actions: ['Raise max connections on {s}', 'Kill long-running sessions on {s}', 'Lower client pool sizes and add timeouts in callers of {s}'],
    resolution: 'Killed a runaway batch job holding connections to {s}; raised the pool limit.',
  },
  {
    name: 'disk_full',
    rootMetrics: [
      ['disk_util', 1],
      ['error_rate', 0.5],
    ],
    tiers: { db: 1, queue: 0.8, cache: 0.2, service: 0.2 },
    callerSymptoms: [
      ['error_rate', 0.8],
      ['latency_p99_ms', 0.2],
    ],
    title: 'Disk full on {s}: writes failing',
    actions: ['Expand the volume of {s}', 'Purge old WAL/segments on {s}', 'Check the retention policy of {s}'],
    resolution: 'Expanded the volume of {s} and fixed log retention.',
  },
  {
    name: 'thread_pool_saturation',
    rootMetrics: [
      ['saturation', 1],
      ['latency_p99_ms', 0.5],
    ],
    tiers: { service: 1, queue: 0.7, edge: 0.4 },
    callerSymptoms: [
      ['latency_p99_ms', 0.6],
      ['saturation', 0.4],
    ],
    title: 'Worker pool saturated on {s}; requests queueing',
    actions: ['Increase worker threads of {s}', 'Shed non-critical load from {s}', 'Find the slow downstream call holding {s} workers'],
    resolution: 'Raised the worker pool of {s} and added a timeout on its slow call.',
  },
  {
    name: 'bad_deploy',
    rootMetrics: [['error_rate', 1]],
    tiers: { service: 1, edge: 0.7 },
    callerSymptoms: [
      ['error_rate', 0.85],
      ['latency_p99_ms', 0.15],
    ],
    title: 'Bad deploy of {s}: exceptions on a hot endpoint',
    actions: ['Roll back {s} to the last good version', 'Disable the new feature flag in {s}', 'Add a regression test for the failing endpoint of {s}'],
    resolution: 'Rolled back {s}; fix shipped the next day.',
  },
  {
    name: 'slow_dependency',
    rootMetrics: [['latency_p99_ms', 1]],
    tiers: { db: 1, cache: 0.8, service: 0.6, queue: 0.4 },
    callerSymptoms: [
      ['latency_p99_ms', 0.8],
      ['error_rate', 0.2],
    ],
    title: 'Slow responses from {s} (missing index / network loss)',
    actions: ['Check recent query plans on {s}', 'Drain the node hosting {s}', 'Add a timeout and circuit breaker in callers of {s}'],
    resolution: 'Added the missing index on {s}; latency recovered.',
  },
]

/** Pick a fault that can happen on a service of this tier. */
export function pickFault(rng: Rng, tier: Tier): FaultKind {
  const options = FAULTS.flatMap((f) => (f.tiers[tier] === undefined ? [] : [[f, f.tiers[tier] ?? 0] as const]))
  return options.length > 0 ? rng.weighted(options) : rng.pick(FAULTS)
}

/** The metrics a non-silent root raises for this fault (first always, others by chance). */
export function rootMetricsFor(rng: Rng, fault: FaultKind): Metric[] {
  return fault.rootMetrics.filter(([, p], i) => i === 0 || rng.chance(p)).map(([m]) => m)
}

/** One or two distinct symptom metrics for a caller. */
export function callerMetricsFor(rng: Rng, fault: FaultKind, hop: number): Metric[] {
  const first = rng.weighted(fault.callerSymptoms)
  // Near the root, callers often show both latency and errors; far away, one symptom.
  if (!rng.chance(hop <= 1 ? 0.45 : 0.2)) return [first]
  const rest = fault.callerSymptoms.filter(([m]) => m !== first)
  return rest.length > 0 ? [first, rng.weighted(rest)] : [first]
}

export function fillTemplate(text: string, service: string): string {
  return text.replaceAll('{s}', service)
}
