/**
 * Worker entry for the RCA pool (pool.ts): a thin adapter around the same pure
 * functions that run inline. Messages are JSON text (Bun posts strings without
 * structured clone, and classes/Maps would be stripped anyway, PITFALLS 14),
 * except `begin` (an object) and whole requests (framed text, message-frames.ts),
 * whose body string travels as it is. A graph
 * version arrives once as `load`; tasks name the version they need and get an
 * `error` reply (→ the main thread does the work) if it is not the one held.
 */
import type { IncidentRequest, NormalizedAlert } from '../domain/model.ts'
import { normalizeAlerts } from '../domain/normalize.ts'
import { segmentsOf } from '../domain/segments.ts'
import type { Source } from '../domain/sources.ts'
import { createSnapshot, type Snapshot } from '../graph/store.ts'
import type { ClusterAnalysis } from '../domain/report.ts'
import { analyzeSegment } from './analyze.ts'
import { claimEach, claimOrder, claimsAborted } from './claims.ts'
import { decodeRequestTask, encodeReportReply, isRequestTask } from './message-frames.ts'
import type { BeginMessage, ClaimedShare, CounterMessage, PrebuiltReport, RequestTask, TaskMessage, WorkerReply, WorkerRequest } from './pool-protocol.ts'
import { answerRequest } from './request-offload.ts'
import { decodeSegment } from './segment-codec.ts'

declare const self: Worker

// Begun bodies waiting for their take/drop. The main thread sends one or the
// other for every begin; the cap only bounds memory should one go missing.
const MAX_PREPARED = 8

// After a burst, a worker that has gone quiet collects its garbage at once instead of holding it
// until its next allocation: the process's RSS settles back near idle (bench: RSS 2 s after load).
const IDLE_GC_MS = 1000
let idleGc: ReturnType<typeof setTimeout> | undefined
const collectWhenIdle = () => {
  clearTimeout(idleGc)
  idleGc = setTimeout(() => Bun.gc(true), IDLE_GC_MS)
}

let held: { key: string; snapshot: Snapshot } | undefined
/** A begun body's segments, and those this worker claimed and analysed (claims.ts) before its take came. */
interface Prepared {
  segments: Source[][]
  alerts: NormalizedAlert[]
  claimed: { key: string; indexes: number[]; analyses: ClusterAnalysis[] }
}
const prepared = new Map<number, Prepared | { error: string }>()

// Shared with the main thread (CounterMessage): bumped once per task, just before its reply.
let finished: Int32Array | undefined
const post = (text: string) => {
  if (finished) Atomics.add(finished, 0, 1)
  self.postMessage(text)
}

/** Analyses and errors go back as JSON text; a whole request's report as a frame (message-frames.ts). */
const reply = (msg: WorkerReply) => post(JSON.stringify(msg))
const failed = (id: number, e: unknown) => reply({ id, error: (e as Error).message })

/**
 * The same parse → normalize → segments the main thread runs (triage.ts), on
 * this thread's copy of the body, then segments claimed and analysed until
 * none is left. Without the graph version the main thread loaded, it claims
 * nothing and the main thread does them all.
 */
function begin(msg: BeginMessage): void {
  // The main thread already did every segment (or refused the body): its drop is on the way.
  if (claimsAborted(msg.claims)) return
  try {
    const alerts = normalizeAlerts((JSON.parse(msg.body) as IncidentRequest).alerts)
    const segments = segmentsOf(alerts, msg.options.gapSec)
    const claimed = { key: msg.key, indexes: [] as number[], analyses: [] as ClusterAnalysis[] }
    const version = held
    if (version?.key === msg.key && segments.length >= 2) {
      const { graph, history } = version.snapshot
      claimed.indexes = claimEach(msg.claims, claimOrder(segments), (i) => claimed.analyses.push(...analyzeSegment(segments[i]!, alerts, graph, history, msg.options)))
    }
    prepared.set(msg.id, { alerts, segments, claimed })
  } catch (e) {
    prepared.set(msg.id, { error: (e as Error).message })
  }
  for (const id of prepared.keys()) if (prepared.size > MAX_PREPARED) prepared.delete(id)
}

function run(msg: TaskMessage, { graph, history }: Snapshot): ClusterAnalysis[] | ClaimedShare {
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
  const { key, indexes, analyses } = batch.claimed
  if (key === msg.key) return { indexes, analyses }
  // The graph changed between begin and take: the claimed segments again, against the version now held.
  return { indexes, analyses: indexes.flatMap((i) => analyzeSegment(batch.segments[i]!, batch.alerts, graph, history, msg.options)) }
}

/**
 * A whole request (request-offload.ts). Input the main thread must answer
 * itself (a 4xx) is declined with a null result: not a worker failure.
 */
async function request(msg: RequestTask): Promise<void> {
  if (held?.key !== msg.key) return failed(msg.id, new Error(`graph version ${msg.key} not loaded`))
  let result: PrebuiltReport | null = null
  try {
    result = await answerRequest(msg.body, held.snapshot, msg.job)
  } catch {
    // declined: the main thread parses it again and answers the error
  }
  post(encodeReportReply(msg.id, result))
}

self.onmessage = (event: MessageEvent<string | BeginMessage | CounterMessage>) => {
  collectWhenIdle()
  if (typeof event.data !== 'string') return event.data.type === 'counter' ? void (finished = event.data.finished) : begin(event.data)
  if (isRequestTask(event.data)) return void request(decodeRequestTask(event.data))
  const msg = JSON.parse(event.data) as WorkerRequest
  if (msg.type === 'load') {
    held = { key: msg.key, snapshot: createSnapshot(msg.snapshot) }
    return
  }
  if (msg.type === 'drop') {
    prepared.delete(msg.id)
    return
  }
  if (held?.key !== msg.key) {
    if (msg.type === 'take') prepared.delete(msg.prepared)
    return failed(msg.id, new Error(`graph version ${msg.key} not loaded`))
  }
  try {
    reply({ id: msg.id, result: run(msg, held.snapshot) })
  } catch (e) {
    failed(msg.id, e)
  }
}
