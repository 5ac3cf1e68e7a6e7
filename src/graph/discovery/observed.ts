/**
 * What one discovery round saw: call edges with their call rate, and the
 * typed failure a source reports. Every source (Prometheus presets, Jaeger)
 * turns its answer into raw rows; `observedEdges` applies the rules common to
 * all of them: peers that are not services are dropped, self-calls say nothing
 * about propagation, and rows naming the same caller → callee (several
 * namespaces, connection types or status codes) become one edge whose rate is
 * their sum.
 */
import type { Tier } from '../../domain/model.ts'
import { isServiceName } from './peers.ts'

export interface ObservedEdge {
  from: string
  to: string
  /** Calls per second over the lookback window. */
  rate: number
  /** The callee's tier when the source tells it (servicegraph's connection_type). */
  calleeTier?: Tier
}

export interface EdgeRow {
  from: string | undefined
  to: string | undefined
  rate: number
  calleeTier?: Tier
}

/** Why a source gave no usable graph; the reason is a metric label, so it is one of a few words. */
export type FailureReason = 'down' | 'timeout' | 'http_error' | 'bad_answer' | 'empty'

export class SourceFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message)
    this.name = 'SourceFailure'
  }
}

/** Rows → one edge per (caller, callee) with traffic; throws `empty` when nothing is left. */
export function observedEdges(rows: Iterable<EdgeRow>, source: string): ObservedEdge[] {
  const byKey = new Map<string, ObservedEdge>()
  let total = 0
  for (const r of rows) {
    total++
    if (!isServiceName(r.from) || !isServiceName(r.to)) continue
    const from = r.from.trim()
    const to = r.to.trim()
    // A zero rate is a counter that did not move in the window: no calls, no evidence of an edge.
    if (from === to || !Number.isFinite(r.rate) || r.rate <= 0) continue
    const key = `${from}\u0000${to}`
    const seen = byKey.get(key)
    if (seen) {
      seen.rate += r.rate
      seen.calleeTier ??= r.calleeTier
    } else byKey.set(key, { from, to, rate: r.rate, ...(r.calleeTier ? { calleeTier: r.calleeTier } : {}) })
  }
  if (byKey.size === 0) throw new SourceFailure('empty', `${source}: no call edges between services in the answer (${total} rows)`)
  return [...byKey.values()]
}
