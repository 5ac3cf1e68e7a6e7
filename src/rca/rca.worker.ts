/**
 * Worker entry for the RCA pool (pool.ts): a thin adapter around the same pure
 * analyzeSegment that runs inline. Messages are JSON text both ways (Bun posts
 * strings without structured clone, and classes/Maps would be stripped anyway,
 * PITFALLS 14). A graph version arrives once as `load`; tasks name the version
 * they need and get an `error` reply (→ inline re-run) if it is not the one held.
 */
import { createServiceGraph, type ServiceGraph } from '../domain/service-graph.ts'
import type { Incident } from '../domain/model.ts'
import { analyzeSegment } from './analyze.ts'
import { decodeSegment } from './segment-codec.ts'
import type { WorkerReply, WorkerRequest } from './pool-protocol.ts'

declare const self: Worker

let held: { key: string; graph: ServiceGraph; history: readonly Incident[] } | undefined

const reply = (msg: WorkerReply) => self.postMessage(JSON.stringify(msg))

self.onmessage = (event: MessageEvent<string>) => {
  const msg = JSON.parse(event.data) as WorkerRequest
  if (msg.type === 'load') {
    held = { key: msg.key, graph: createServiceGraph(msg.graph), history: msg.history }
    return
  }
  if (held?.key !== msg.key) return reply({ id: msg.id, error: `graph version ${msg.key} not loaded` })
  try {
    const { sources, alerts } = decodeSegment(msg.segment)
    reply({ id: msg.id, result: analyzeSegment(sources, alerts, held.graph, held.history, msg.options) })
  } catch (e) {
    reply({ id: msg.id, error: (e as Error).message })
  }
}
