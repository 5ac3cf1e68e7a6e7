/**
 * Edge alerts: what a service mesh or tracing pipeline raises per call (caller -> callee)
 * rather than per service. Each topology has one pipeline, and so one label convention:
 * OpenTelemetry servicegraph (`client`/`server`), Istio (`source_workload`/
 * `destination_workload`), Linkerd (`deployment`/`dst_deployment`) or OpenTelemetry span
 * metrics (`peer.service`, or `peer_service` once Prometheus has sanitised the name). As the
 * contract says, the alert's `service` is the caller: the callee appears only in a label.
 */
import type { Metric } from './faults.ts'
import type { Fingerprint, FingerprintSpec } from './fingerprint.ts'
import { firstValue, thresholdFor } from './metrics.ts'
import type { Rng } from './prng.ts'

export type MeshStyle = 'servicegraph' | 'istio' | 'linkerd' | 'spanmetrics' | 'spanmetrics-sanitised'

export const MESH_STYLES: readonly MeshStyle[] = ['servicegraph', 'istio', 'linkerd', 'spanmetrics', 'spanmetrics-sanitised']

/** Edge alerts carry latency or errors: what a caller measures on its calls. */
export type EdgeMetric = Extract<Metric, 'latency_p99_ms' | 'error_rate'>

const ALERTNAMES: Record<MeshStyle, Record<EdgeMetric, string>> = {
  servicegraph: { latency_p99_ms: 'ServiceGraphLatencyHigh', error_rate: 'ServiceGraphFailedRequests' },
  istio: { latency_p99_ms: 'IstioRequestLatencyHigh', error_rate: 'Istio5xxRateHigh' },
  linkerd: { latency_p99_ms: 'LinkerdOutboundLatencyHigh', error_rate: 'LinkerdOutboundFailures' },
  spanmetrics: { latency_p99_ms: 'SpanLatencyP99High', error_rate: 'SpanErrorRateHigh' },
  'spanmetrics-sanitised': { latency_p99_ms: 'SpanLatencyP99High', error_rate: 'SpanErrorRateHigh' },
}

/** The labels naming both ends of a call, in the pipeline's own convention. */
export function edgeLabels(style: MeshStyle, client: string, server: string): Record<string, string> {
  switch (style) {
    case 'servicegraph':
      return { client, server }
    case 'istio':
      return { reporter: 'source', source_workload: client, destination_workload: server }
    case 'linkerd':
      return { direction: 'outbound', deployment: client, dst_deployment: server }
    case 'spanmetrics':
      return { 'service.name': client, 'peer.service': server, 'span.kind': 'SPAN_KIND_CLIENT' }
    case 'spanmetrics-sanitised':
      return { service_name: client, peer_service: server, span_kind: 'SPAN_KIND_CLIENT' }
  }
}

/** The callee an edge alert names, whatever the convention (null when it names none). */
export function edgeServer(labels: Readonly<Record<string, string>>): string | null {
  return labels.server ?? labels.destination_workload ?? labels.dst_deployment ?? labels['peer.service'] ?? labels.peer_service ?? null
}

/** What an edge alert shares with a service's own: severity, intensity, timing, incident, labels. */
export interface EdgeSpec extends Pick<FingerprintSpec, 'severity' | 'intensity' | 'onsetSec' | 'group' | 'hop' | 'common'> {
  style: MeshStyle
  client: { name: string; team: string }
  server: string
  metric: EdgeMetric
}

/**
 * A fingerprint on one call edge. Mesh metrics are per workload, not per pod, so there is no
 * `pod` label; the rule's threshold is fixed per edge and metric.
 */
export function edgeFingerprint(rng: Rng, s: EdgeSpec): Fingerprint {
  const threshold = thresholdFor(`${s.client.name}->${s.server}`, s.metric)
  const labels: Record<string, string> = {
    ...s.common,
    alertname: ALERTNAMES[s.style][s.metric],
    team: s.client.team,
    ...edgeLabels(s.style, s.client.name, s.server),
  }
  return {
    service: s.client.name,
    metric: s.metric,
    severity: s.severity,
    labels,
    threshold,
    value: firstValue(rng, s.metric, threshold, s.intensity),
    onsetSec: s.onsetSec,
    // Mesh rules are usually evaluated on a one-minute rate window.
    intervalSec: rng.float(30, 60),
    group: s.group,
    hop: s.hop,
  }
}
