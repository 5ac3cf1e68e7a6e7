/**
 * Edge alerts: alerts on a *call* rather than on a service. Mesh and tracing
 * metrics are per call (`traces_service_graph_request_*{client,server}`,
 * Istio `{source_workload,destination_workload}`, Linkerd `dst_deployment`,
 * OpenTelemetry span metrics `peer.service`), and alerting rules on them carry
 * both ends in their labels. Per the contract the alert's `service` is the
 * caller; the callee is named by a label. Latency or errors a caller sees on
 * its calls to a callee are evidence against the callee, even when the callee
 * raises nothing itself (a network delay at it, say).
 */

/** One way of naming a call in labels: the callee's label, and the caller's when the alert names it. */
export interface EdgeLabelPair {
  callee: string
  /** Absent: the caller is the alert's `service` (Linkerd's `deployment` is read when present). */
  caller?: string
}

export interface EdgeLabelOptions {
  pairs: readonly EdgeLabelPair[]
}

export const EDGE_LABEL_DEFAULTS: EdgeLabelOptions = {
  pairs: [
    { caller: 'client', callee: 'server' },
    { caller: 'source_workload', callee: 'destination_workload' },
    { caller: 'deployment', callee: 'dst_deployment' },
    { callee: 'peer_service' },
    { callee: 'peer.service' },
  ],
}

export interface EdgeEnds {
  caller: string
  callee: string
}

/**
 * The call an alert is about, or undefined for an ordinary alert. A call from a
 * service to itself says nothing about another service, so it is not an edge.
 * @example edgeOf('frontend', { client: 'frontend', server: 'cart' }) // { caller: 'frontend', callee: 'cart' }
 */
export function edgeOf(service: string, labels: Readonly<Record<string, string>>, options: EdgeLabelOptions = EDGE_LABEL_DEFAULTS): EdgeEnds | undefined {
  for (const p of options.pairs) {
    const callee = labels[p.callee]
    if (callee === undefined || callee === '') continue
    const named = p.caller === undefined ? undefined : labels[p.caller]
    const caller = named !== undefined && named !== '' ? named : service
    if (caller === callee) continue
    return { caller, callee }
  }
  return undefined
}
