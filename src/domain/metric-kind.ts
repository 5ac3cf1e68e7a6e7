/**
 * Metric kinds. A fault shows as *resource* pressure at the broken service
 * (cpu, memory, restarts, pools, disk) and as *symptoms* at its callers
 * (latency, errors). Names are matched by substring so that common spellings
 * (`latency_p99_ms`, `http_latency_seconds`, `container_memory_usage`) fall in
 * the right kind without a list of exact names.
 */
import { remember } from './bounded-memo.ts'

export type MetricKind = 'resource' | 'symptom' | 'other'

// Network and I/O faults (injected delay, loss, a saturated NIC or disk) show at
// the broken service as packet, socket and I/O pressure: resource signals too.
const RESOURCE =
  /cpu|mem|oom|restart|crash|pool|conn|disk|fd|file_desc|thread|heap|gc|swap|inode|queue_depth|network|packet|retrans|socket|bandwidth|io_?wait|iops|throttl|evict|(?:^|_)lag(?:$|_)/i
const SYMPTOM = /latenc|error|5xx|fail|timeout|duration|availability|apdex|saturation|throughput|rps|qps/i

function classify(metric: string): MetricKind {
  if (RESOURCE.test(metric)) return 'resource'
  if (SYMPTOM.test(metric)) return 'symptom'
  return 'other'
}

// Every source of every request asks, and a service reports the same few metric
// names all day: the answer is remembered (bounded: cleared when full).
const known = new Map<string, MetricKind>()
const MAX_KNOWN = 10_000

/** @example metricKind('conn_pool_used') // 'resource' */
export function metricKind(metric: string): MetricKind {
  return remember(known, MAX_KNOWN, metric, () => classify(metric))
}
