/**
 * Worker entry for the RCA pool (pool.ts): a thin adapter around the same pure
 * functions that run inline. Messages are JSON text (Bun posts strings without
 * structured clone, and classes/Maps would be stripped anyway, PITFALLS 14),
 * except `begin`, whose large body string travels as it is. A graph version
 * arrives once as `load`; tasks name the version they need and get an `error`
 * reply (→ inline re-run) if it is not the one held.
 */
import type { Incident, IncidentRequest, NormalizedAlert } from '../domain/model.ts'
import { normalizeAlerts } from '../domain/normalize.ts'
import { segmentsOf } from '../domain/segments.ts'
import { createServiceGraph, type ServiceGraph } from '../domain/service-graph.ts'
import type { Source } from '../domain/sources.ts'
import { analyzeSegment } from './analyze.ts'
import type { BeginMessage, TaskMessage, WorkerReply, WorkerRequest } from './pool-protocol.ts'
import { decodeSegment } from './segment-codec.ts'

declare const self: Worker

// Begun bodies waiting for their take/drop. The main thread sends one or the
// other for every begin; the cap only bounds memory should one go missing.
const MAX_PREPARED = 8

let held: { key: string; graph: ServiceGraph; history: readonly Incident[] } | undefined
const prepared = new Map<number, { segments: Source[][]; alerts: NormalizedAlert[] } | { error: string }>()

const reply = (msg: WorkerReply) => self.postMessage(JSON.stringify(msg))

/** The same parse → normalize → segments the main thread runs (triage.ts), on this thread's copy of the body. */
function begin(msg: BeginMessage): void {
  try {
    const alerts = normalizeAlerts((JSON.parse(msg.body) as IncidentRequest).alerts)
    prepared.set(msg.id, { alerts, segments: segmentsOf(alerts, msg.options.gapSec) })
  } catch (e) {
    prepared.set(msg.id, { error: (e as Error).message })
  }
  for (const id of prepared.keys()) if (prepared.size > MAX_PREPARED) prepared.delete(id)
}

function run(msg: TaskMessage, graph: ServiceGraph, history: readonly Incident[]) {
  if (msg.type === 'task') {
    const { sources, alerts } = decodeSegment(msg.segment)
    return analyzeSegment(sources, alerts, graph, history, msg.options)
  }
  const batch = prepared.get(msg.prepared)
  prepared.delete(msg.prepared)
  if (!batch) throw new Error(`batch ${msg.prepared} was not begun here`)
  if ('error' in batch) throw new Error(batch.error)
  // Same code on the same body gives the same split; a mismatch would mean wrong clusters, so refuse.
  if (batch.segments.length !== msg.count) throw new Error(`split into ${batch.segments.length} segments, main thread has ${msg.count}`)
  return msg.indexes.flatMap((i) => analyzeSegment(batch.segments[i]!, batch.alerts, graph, history, msg.options))
}

self.onmessage = (event: MessageEvent<string | BeginMessage>) => {
  if (typeof event.data !== 'string') return begin(event.data)
  const msg = JSON.parse(event.data) as WorkerRequest
  if (msg.type === 'load') {
    held = { key: msg.key, graph: createServiceGraph(msg.graph), history: msg.history }
    return
  }
  if (msg.type === 'drop') {
    prepared.delete(msg.id)
    return
  }
  if (held?.key !== msg.key) {
    if (msg.type === 'take') prepared.delete(msg.prepared)
    return reply({ id: msg.id, error: `graph version ${msg.key} not loaded` })
  }
  try {
    reply({ id: msg.id, result: run(msg, held.graph, held.history) })
  } catch (e) {
    reply({ id: msg.id, error: (e as Error).message })
  }
}
