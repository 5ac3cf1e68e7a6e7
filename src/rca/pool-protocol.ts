/**
 * The messages between the RCA pool (pool.ts) and its workers (rca.worker.ts),
 * as plain JSON shapes: a graph version is loaded once, then tasks name the
 * version they were planned against. Types only, so both sides agree at
 * compile time and nothing here runs.
 */
import type { ClusterAnalysis } from '../domain/report.ts'
import type { SnapshotInput } from '../graph/store.ts'
import type { SegmentOptions } from './analyze.ts'
import type { EncodedSegment } from './segment-codec.ts'

/** Sent once per graph version per worker; `key` names the version in later tasks. */
export interface LoadMessage {
  type: 'load'
  key: string
  /** What the worker rebuilds its own Snapshot from (createSnapshot). */
  snapshot: SnapshotInput
}

/**
 * First message to every worker: a shared counter it bumps (Atomics) as it
 * finishes each task, before posting the reply, so the main thread knows
 * how busy the worker is without first reading its replies (lanes.ts).
 */
export interface CounterMessage {
  type: 'counter'
  finished: Int32Array
}

/** One time segment to correlate and analyse against the graph version `key`. */
export interface ShippedTask {
  type: 'task'
  id: number
  key: string
  segment: EncodedSegment
  options: SegmentOptions
}

/**
 * A raw POST /incident body to parse, normalize and split into segments now,
 * while the main thread does the same; then to claim segments from `claims`
 * (claims.ts) and analyse them against graph version `key`, keeping the
 * results under `id` until a `take` or `drop` names it. Posted as an object
 * (structured clone shares the counter's memory), not JSON text.
 */
export interface BeginMessage {
  type: 'begin'
  id: number
  body: string
  options: SegmentOptions
  /** The graph version the main thread loaded into this worker just before; no claims without it. */
  key: string
  claims: Int32Array
}

/** Collect the segments of a begun body this worker claimed; `count` must match its own split. */
export interface TakeTask {
  type: 'take'
  id: number
  key: string
  prepared: number
  count: number
  options: SegmentOptions
}

/** A take's result: which segments (by index) the worker claimed, and their analyses. */
export interface ClaimedShare {
  indexes: number[]
  analyses: ClusterAnalysis[]
}

/** A begun body nobody will take (bad request, or the main thread claimed every segment). */
export interface DropMessage {
  type: 'drop'
  id: number
}

/** What a whole request needs besides its body and graph: the settings the main thread would use. */
export interface RequestJob {
  options: SegmentOptions
  /** The report's `method` (graph-only, which path answered). */
  method: string
  /** AIOPS_MAX_ALERTS: a batch over it is left to the main thread, which answers the 413. */
  maxAlerts: number
}

/**
 * A whole small POST /incident body to answer (request-offload.ts): parse,
 * check, triage and serialise the report. Posted as framed text
 * (message-frames.ts), so the body string is not escaped into JSON once more.
 */
export interface RequestTask {
  type: 'request'
  id: number
  key: string
  body: string
  job: RequestJob
}

/** A report built by a worker, ready to send as it is. */
export interface PrebuiltReport {
  json: string
  phasesMs: Record<string, number>
  clusters: number
}

export type TaskMessage = ShippedTask | TakeTask
export type WorkerRequest = LoadMessage | TaskMessage | DropMessage

/**
 * The task's result (cluster analyses for segments; for a request, a
 * PrebuiltReport, or null when its input is the main thread's to answer) or
 * why the worker failed it: the main thread then does the work itself.
 */
export type WorkerReply = { id: number; result: ClusterAnalysis[] | ClaimedShare | PrebuiltReport | null; error?: undefined } | { id: number; error: string; result?: undefined }
