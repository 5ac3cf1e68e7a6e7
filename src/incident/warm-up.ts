/**
 * JIT warm-up after start: the first requests of a fresh process run cold
 * code 20–40× slower (10 ms instead of 0.3 ms for a 20-alert batch). Right
 * after listening, the pipeline is run on a small synthetic cascade built
 * from the live graph, a batch at a time with a yield in between, so a real
 * request arriving meanwhile waits at most one batch. Nothing is counted or
 * logged as a request; the results are thrown away.
 */
import type { Alert } from '../domain/model.ts'
import { calleesOf, type ServiceGraph } from '../domain/service-graph.ts'
import type { Snapshot } from '../graph/store.ts'
import { correlate } from '../domain/correlate.ts'
import { normalizeAlerts } from '../domain/normalize.ts'
import type { TriageOptions } from '../settings.ts'
import { detail, rankCluster } from './analyze.ts'
import { triage } from './triage.ts'

/** A callee with a resource alert and its callers with symptoms, a few pods each: every code path of a cascade. */
export function warmUpBatch(graph: ServiceGraph): Alert[] {
  const withCallees = graph.data.nodes.find((n) => calleesOf(graph, n.name).length > 0)
  const caller = withCallees?.name ?? graph.data.nodes[0]?.name ?? 'warm-up'
  const callee = withCallees ? calleesOf(graph, caller)[0]! : caller
  const t0 = 1_780_000_000
  const alerts: Alert[] = []
  for (let pod = 0; pod < 5; pod++) {
    for (let k = 0; k < 2; k++) {
      const labels = { env: 'warm-up', pod: `p${pod}` }
      alerts.push({ id: `w-db-${pod}-${k}`, ts: t0 + k * 30, service: callee, metric: 'cpu_util', severity: 'critical', value: 95, threshold: 80, labels })
      alerts.push({
        id: `w-svc-${pod}-${k}`,
        ts: new Date((t0 + 20 + k * 30) * 1000).toISOString(),
        service: caller,
        metric: 'latency_p99_ms',
        severity: 'warning',
        value: 900,
        threshold: 300,
        labels,
      })
    }
  }
  alerts.push({ id: 'w-unknown', ts: t0 + 5, service: 'warm-up-unknown', metric: 'error_rate', severity: 'info', value: 0.2, threshold: 0.1, labels: {} })
  return alerts
}

// A timer, not setImmediate: it lets pending network I/O (a real request) run first.
const yieldToRequests = () => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * Run the pipeline `rounds` times on the warm-up batch, yielding to the event
 * loop between steps. The first round is the expensive one (every function
 * compiled cold, ~12 ms), so it goes phase by phase: a readiness probe or a
 * request waits for one phase, not for a whole cold round.
 */
export async function warmUp(snapshot: Snapshot, options: TriageOptions, rounds: number): Promise<void> {
  const batch = warmUpBatch(snapshot.graph)
  const normalized = normalizeAlerts(batch)
  await yieldToRequests()
  const groups = correlate(normalized, snapshot.graph, { gapSec: options.gapSec, maxHop: options.maxHop, edgeLabels: options.edgeLabels })
  await yieldToRequests()
  for (const g of groups) {
    detail(rankCluster(g, { graph: snapshot.graph, history: snapshot.history, options }), snapshot.history)
    await yieldToRequests()
  }
  for (let i = 1; i < rounds; i++) {
    triage({ alerts: batch, snapshot, options, method: 'warm-up' })
    await yieldToRequests()
  }
}
