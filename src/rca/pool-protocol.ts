/**
 * The messages between the RCA pool (pool.ts) and its workers (rca.worker.ts),
 * as plain JSON shapes: a graph version is loaded once, then tasks name the
 * version they were planned against. Types only, so both sides agree at
 * compile time and nothing here runs.
 */
import type { Incident } from '../domain/model.ts'
import type { ClusterAnalysis } from '../domain/report.ts'
import type { GraphData } from '../domain/service-graph.ts'
import type { SegmentOptions } from './analyze.ts'
import type { EncodedSegment } from './segment-codec.ts'

/** Sent once per graph version per worker; `key` names the version in later tasks. */
export interface LoadMessage {
  type: 'load'
  key: string
  graph: GraphData
  history: readonly Incident[]
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
 * while the main thread does the same; kept under `id` until a `take` or
 * `drop` names it. Posted as an object (structured clone), not JSON text.
 */
export interface BeginMessage {
  type: 'begin'
  id: number
  body: string
  options: SegmentOptions
}

/** The segments (by index) of a begun body that are this worker's to analyse; `count` must match its own split. */
export interface TakeTask {
  type: 'take'
  id: number
  key: string
  prepared: number
  indexes: number[]
  count: number
  options: SegmentOptions
}

/** A begun body nobody will take (bad request, or the main thread kept every segment). */
export interface DropMessage {
  type: 'drop'
  id: number
}

export type TaskMessage = ShippedTask | TakeTask
export type WorkerRequest = LoadMessage | TaskMessage | DropMessage

/** Either the segment's cluster analyses or why there are none (the pool then re-runs the task inline). */
export type WorkerReply = { id: number; result: ClusterAnalysis[]; error?: undefined } | { id: number; error: string; result?: undefined }
