/**
 * The PromQL each preset sends and how its answer becomes call edges. Every
 * preset asks for rate() over the lookback window, summed by caller and
 * callee: rate, not increase, because an edge's weight is its call rate
 * (calls/s) whatever the window, and both need two samples in it anyway.
 * Presets follow the metric names and labels each project documents:
 * OpenTelemetry's servicegraph connector (also Tempo and Alloy), Istio's
 * standard metrics (source-reported, so every call is counted once) and
 * Linkerd's proxy metrics (outbound side).
 */
import type { Tier } from '../../domain/model.ts'
import { SourceFailure, type EdgeRow } from './observed.ts'

export type PromPreset = 'servicegraph' | 'istio' | 'linkerd'

export interface PromQuery {
  /** graph_source label: prometheus:servicegraph … prometheus:custom */
  source: string
  query: string
  caller: string
  callee: string
  /** A label whose value tells the callee's tier (servicegraph only). */
  tierLabel?: string
}

// connection_type values of the servicegraph connector that name a datastore or a broker.
const CONNECTION_TIERS: Record<string, Tier> = { database: 'db', messaging_system: 'queue' }

/**
 * The query of a preset over `lookbackSec`, or of a custom query: `$lookback`
 * in it becomes the window (e.g. `[3600s]`), and `labels` names caller,callee.
 * @example presetQuery({ preset: 'istio', lookbackSec: 3600 }).source // 'prometheus:istio'
 */
export function presetQuery(o: { preset: PromPreset; lookbackSec: number; custom?: string; labels?: string }): PromQuery {
  const w = `${o.lookbackSec}s`
  if (o.custom) {
    const [caller = 'client', callee = 'server'] = (o.labels ?? 'client,server').split(',').map((s) => s.trim())
    return { source: 'prometheus:custom', query: o.custom.replaceAll('$lookback', w), caller, callee }
  }
  switch (o.preset) {
    case 'servicegraph':
      return {
        source: 'prometheus:servicegraph',
        query: `sum by (client, server, connection_type) (rate(traces_service_graph_request_total[${w}]))`,
        caller: 'client',
        callee: 'server',
        tierLabel: 'connection_type',
      }
    case 'istio':
      return {
        source: 'prometheus:istio',
        query: `sum by (source_workload, source_workload_namespace, destination_workload, destination_workload_namespace) (rate(istio_requests_total{reporter="source"}[${w}]))`,
        caller: 'source_workload',
        callee: 'destination_workload',
      }
    case 'linkerd':
      return {
        source: 'prometheus:linkerd',
        query: `sum by (deployment, namespace, dst_deployment, dst_namespace) (rate(response_total{direction="outbound"}[${w}]))`,
        caller: 'deployment',
        callee: 'dst_deployment',
      }
  }
}

interface Sample {
  metric?: Record<string, string>
  value?: [number, string]
}

/** The rows of a /api/v1/query answer; anything but a successful instant vector is `bad_answer`. */
export function promRows(body: unknown, q: PromQuery): EdgeRow[] {
  const b = body as { status?: string; error?: string; errorType?: string; data?: { resultType?: string; result?: unknown } } | null
  if (!b || typeof b !== 'object') throw new SourceFailure('bad_answer', `${q.source}: answer is not a JSON object`)
  if (b.status !== 'success') throw new SourceFailure('bad_answer', `${q.source}: query failed: ${b.errorType ?? 'error'}: ${b.error ?? 'no message'}`)
  if (b.data?.resultType !== 'vector' || !Array.isArray(b.data.result)) {
    throw new SourceFailure('bad_answer', `${q.source}: expected an instant vector, got ${b.data?.resultType ?? 'no data'}`)
  }
  return (b.data.result as Sample[]).map((s) => {
    const m = s.metric ?? {}
    const tier = q.tierLabel ? CONNECTION_TIERS[m[q.tierLabel] ?? ''] : undefined
    return { from: m[q.caller], to: m[q.callee], rate: Number(s.value?.[1]), ...(tier ? { calleeTier: tier } : {}) }
  })
}
