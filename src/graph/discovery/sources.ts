/**
 * The discovery sources behind one interface: each fetches its answer over
 * HTTP (with a deadline) and returns the observed call edges, or throws a
 * SourceFailure saying why not. The pure halves (queries, answer parsing)
 * live in prometheus-query.ts and jaeger-answer.ts.
 */
import { fetchJson } from './fetch-json.ts'
import { JAEGER_SOURCE, jaegerPath, jaegerRows } from './jaeger-answer.ts'
import { observedEdges, type ObservedEdge } from './observed.ts'
import { promRows, type PromQuery } from './prometheus-query.ts'

export interface DiscoverySource {
  /** graph_source label of what it discovers, e.g. prometheus:istio. */
  readonly name: string
  fetch(nowMs: number): Promise<ObservedEdge[]>
}

const base = (url: string) => url.replace(/\/+$/, '')

export function prometheusSource(o: { url: string; query: PromQuery; timeoutMs: number }): DiscoverySource {
  return {
    name: o.query.source,
    async fetch() {
      // Evaluated at Prometheus's own "now"; its query timeout matches ours, so it stops working when we stop waiting.
      const url = `${base(o.url)}/api/v1/query?query=${encodeURIComponent(o.query.query)}&timeout=${Math.max(1, Math.floor(o.timeoutMs / 1000))}s`
      const body = await fetchJson(url, { timeoutMs: o.timeoutMs, source: o.query.source })
      return observedEdges(promRows(body, o.query), o.query.source)
    },
  }
}

export function jaegerSource(o: { url: string; lookbackSec: number; timeoutMs: number }): DiscoverySource {
  return {
    name: JAEGER_SOURCE,
    async fetch(nowMs) {
      const body = await fetchJson(`${base(o.url)}${jaegerPath(nowMs, o.lookbackSec)}`, { timeoutMs: o.timeoutMs, source: JAEGER_SOURCE })
      return observedEdges(jaegerRows(body, o.lookbackSec), JAEGER_SOURCE)
    },
  }
}
