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
export interface TaskMessage {
  type: 'task'
  id: number
  key: string
  segment: EncodedSegment
  options: SegmentOptions
}

export type WorkerRequest = LoadMessage | TaskMessage

/** Either the segment's cluster analyses or why there are none (the pool then re-runs the task inline). */
export type WorkerReply = { id: number; result: ClusterAnalysis[]; error?: undefined } | { id: number; error: string; result?: undefined }
