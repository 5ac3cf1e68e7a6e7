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

/**
 * The label pairs as one setting (AIOPS_EDGE_LABELS): comma-separated, each
 * `caller_label:callee_label`, or a callee label alone when the caller is the
 * alert's `service`. Label names may hold dots (`peer.service`).
 */
export const EDGE_LABELS_SPEC_PATTERN = '^[^,:\\s]+(:[^,:\\s]+)?(,[^,:\\s]+(:[^,:\\s]+)?)*$'

/** The contract's list: OpenTelemetry/Tempo servicegraph, Istio, Linkerd, span metrics (both spellings). */
export const EDGE_LABELS_DEFAULT_SPEC = 'client:server,source_workload:destination_workload,deployment:dst_deployment,peer_service,peer.service'

/**
 * @throws Error naming the malformed entry (config.ts validates the pattern first, so the shell never sees it).
 * @example parseEdgeLabels('client:server,peer.service') // { pairs: [{ caller: 'client', callee: 'server' }, { callee: 'peer.service' }] }
 */
export function parseEdgeLabels(spec: string): EdgeLabelOptions {
  if (!new RegExp(EDGE_LABELS_SPEC_PATTERN).test(spec)) throw new Error(`edge labels "${spec}": expected caller:callee or callee, comma-separated`)
  return {
    pairs: spec.split(',').map((entry) => {
      const [a, b] = entry.split(':')
      return b === undefined ? { callee: a! } : { caller: a!, callee: b }
    }),
  }
}

export const EDGE_LABEL_DEFAULTS: EdgeLabelOptions = parseEdgeLabels(EDGE_LABELS_DEFAULT_SPEC)

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
