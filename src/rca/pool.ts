/**
 * A fixed pool of Bun workers that correlates and analyses the time segments
 * of one batch (domain/segments.ts) in parallel with the main thread. It is a
 * SegmentAnalyzer, so the request path cannot tell it from analyzeInline
 * except by speed. Each worker receives a graph version once (keyed per
 * Snapshot object) and then only work.
 *
 * Two ways to hand a worker its share:
 * - head start (large POST /incident bodies): the raw body goes to idle
 *   workers before the main thread parses it, every thread parses, normalizes
 *   and segments the same batch at once, and then each claims segments from a
 *   shared counter until none is left (claims.ts); the main thread finally
 *   collects the workers' analyses. Nothing big crosses threads, the serial
 *   prefix is no longer serial, and no thread waits on a wrong guess of
 *   another's speed.
 * - shipping (everything else): each segment's sources and alerts are encoded
 *   (segment-codec.ts) and sent; worth it only for big batches.
 * A task that times out, or whose worker crashes or exits, is re-run inline
 * and the worker replaced, so a request never fails because of a worker.
 */
import type { NormalizedAlert } from '../domain/model.ts'
import type { ClusterAnalysis } from '../domain/report.ts'
import type { Source } from '../domain/sources.ts'
import type { Snapshot } from '../graph/store.ts'
import type { Logger } from '../logger.ts'
import { createLanes, type FallbackReason, type Lane } from './lanes.ts'
import type { SegmentOptions } from './analyze.ts'
import { abortClaims, claimEach, claimOrder, createClaims } from './claims.ts'
import { planLanes } from './plan.ts'
import type { BeginMessage, ClaimedShare, DropMessage, ShippedTask, TakeTask } from './pool-protocol.ts'
import { createRequestOffloader, type RequestOffloader } from './request-offload.ts'
import { encodeSegment } from './segment-codec.ts'
import { analyzeSegments, type HeadStart, type HeadStarter, type SegmentAnalyzer } from './triage.ts'

export type { FallbackReason } from './lanes.ts'

// Shipping segments (segment-codec.ts) costs the main thread ~0.2 and the
// worker ~1.3 of the analysis they carry (bench/multi-cluster.ts), so it only
// pays for big batches; measured in SUBMIT.md (issue 6).
export const INLINE_BELOW_SOURCES = 2000
// A head start costs each worker a parse of the body: below ~64 KB (~300
// alerts) the whole request takes a few ms and parallel parsing cannot pay.
export const HEAD_START_MIN_BYTES = 64 * 1024

export interface PoolOptions {
  size: number
  taskTimeoutMs: number
  inlineBelowSources?: number
  headStartMinBytes?: number
  /**
   * Worker entry. main.ts passes one relative to itself, because in the
   * compiled binary import.meta.url is the bundle's entry, not this file
   * (PITFALLS 1); tests point it at misbehaving fixtures.
   */
  workerUrl?: URL
  logger?: Logger
  onTask?: (where: 'inline' | 'worker') => void
  onFallback?: (reason: FallbackReason) => void
  /** Whole small requests answered by workers (request-offload.ts); absent = off. */
  offload?: { maxInFlight: number }
}

export interface WorkerPool {
  readonly analyze: SegmentAnalyzer
  readonly headStart: HeadStarter
  readonly offload: RequestOffloader
  /** Workers currently alive. */
  readonly size: () => number
  /** Ends every worker; later batches run inline. */
  terminate(): Promise<void>
}

/** A head start in flight: which workers are parsing the body, under which id, claiming from which counter. */
interface Started {
  id: number
  lanes: Lane[]
  claims: Int32Array
}

export function createWorkerPool(options: PoolOptions): WorkerPool {
  const threshold = options.inlineBelowSources ?? INLINE_BELOW_SOURCES
  const headStartMinBytes = options.headStartMinBytes ?? HEAD_START_MIN_BYTES
  const lanes = createLanes({
    size: options.size,
    url: options.workerUrl ?? new URL('./rca.worker.ts', import.meta.url),
    taskTimeoutMs: options.taskTimeoutMs,
    logger: options.logger,
    onTask: options.onTask,
    onFallback: options.onFallback,
  })
  const started = new WeakMap<HeadStart, Started>()
  let nextBegin = 0

  /** One segment shipped to `lane`; should the worker fail it, it runs here, as inline (its errors answer the request). */
  const ship = (lane: Lane, segment: readonly Source[], alerts: readonly NormalizedAlert[], snapshot: Snapshot, o: SegmentOptions) =>
    // JSON text: nothing in a task needs structured clone, and Bun posts strings as they are.
    lanes.run<ClusterAnalysis[]>(
      lane,
      snapshot,
      segment.length,
      (id, key) => JSON.stringify({ type: 'task', id, key, segment: encodeSegment(segment, alerts), options: o } satisfies ShippedTask),
      () => analyzeSegments([segment], alerts, snapshot, o),
    )

  /** Tells a lane's worker to forget a begun body (if the lane is still alive). */
  const drop = (lane: Lane, id: number) => {
    if (lanes.alive(lane)) lanes.post(lane, JSON.stringify({ type: 'drop', id } satisfies DropMessage))
  }

  /** The main thread's share of a batch, analysed here and now. */
  const onMain = (segments: ReadonlyArray<readonly Source[]>, alerts: readonly NormalizedAlert[], snapshot: Snapshot, o: SegmentOptions) => {
    for (let i = 0; i < segments.length; i++) options.onTask?.('inline')
    return analyzeSegments(segments, alerts, snapshot, o)
  }

  const headStart: HeadStarter = (body, segmentOptions, snapshot) => {
    if (lanes.terminated() || body.length < headStartMinBytes) return undefined
    // Only idle workers (nothing unfinished, replies read or not): a busy one would make the main thread wait.
    const idle = lanes.list.filter((l) => lanes.unfinished(l) === 0)
    if (idle.length === 0) return undefined
    const s: Started = { id: ++nextBegin, lanes: idle, claims: createClaims() }
    for (const lane of idle) {
      // The graph goes first, so the worker can claim segments as soon as it has its own split.
      const key = lanes.load(lane, snapshot)
      // An object, not JSON text: structured clone copies the body string as it is (JSON.stringify would
      // escape it) and shares the counter's memory.
      lanes.post(lane, { type: 'begin', id: s.id, body, options: segmentOptions, key, claims: s.claims } satisfies BeginMessage)
    }
    const handle: HeadStart = {
      cancel: () => {
        if (!started.delete(handle)) return
        abortClaims(s.claims)
        for (const lane of s.lanes) drop(lane, s.id)
      },
    }
    started.set(handle, s)
    return handle
  }

  /**
   * The main thread claims segments alongside the workers that parsed this
   * batch too, then collects what they claimed. Whatever a failed worker
   * (crash, timeout, a split or graph it did not share) had claimed runs here.
   */
  const withHeadStart = async (s: Started, segments: Source[][], alerts: readonly NormalizedAlert[], snapshot: Snapshot, o: SegmentOptions) => {
    const analyses: ClusterAnalysis[] = []
    const done = new Set(claimEach(s.claims, claimOrder(segments), (i) => analyses.push(...onMain([segments[i]!], alerts, snapshot, o))))
    const live = s.lanes.filter(lanes.alive)
    if (done.size === segments.length) {
      // A worker still busy with earlier work then skips this body instead of parsing it for nothing.
      abortClaims(s.claims)
      for (const lane of live) drop(lane, s.id)
      return analyses
    }
    const cost = segments.reduce((n, seg, i) => (done.has(i) ? n : n + seg.length), 0)
    const take = (id: number, key: string): string => JSON.stringify({ type: 'take', id, key, prepared: s.id, count: segments.length, options: o } satisfies TakeTask)
    const shares = await Promise.all(live.map((lane) => lanes.run<ClaimedShare | null>(lane, snapshot, cost, take, () => null)))
    for (const share of shares) {
      if (!share) continue
      for (const i of share.indexes) done.add(i)
      analyses.push(...share.analyses)
    }
    const missing = segments.filter((_, i) => !done.has(i))
    return missing.length === 0 ? analyses : analyses.concat(onMain(missing, alerts, snapshot, o))
  }

  /** Ships segments to workers by LPT over the lanes' backlogs; the main thread takes its share. */
  const shipped = (segments: Source[][], alerts: readonly NormalizedAlert[], snapshot: Snapshot, o: SegmentOptions) => {
    const active = [...lanes.list]
    const plan = planLanes(segments.map((seg) => seg.length), active.map(lanes.backlog))
    const results: Array<ClusterAnalysis[] | Promise<ClusterAnalysis[]>> = []
    // Ship the workers' share first so they start while the main thread works on its own.
    plan.forEach((laneNo, i) => {
      if (laneNo !== 0) results.push(ship(active[laneNo - 1]!, segments[i]!, alerts, snapshot, o))
    })
    results.push(onMain(segments.filter((_, i) => plan[i] === 0), alerts, snapshot, o))
    return results
  }

  const analyze: SegmentAnalyzer = async (segments, alerts, snapshot, o, head) => {
    const s = head && started.get(head)
    const canSplit = !lanes.terminated() && lanes.list.length > 0 && segments.length >= 2
    if (s && canSplit) {
      started.delete(head!) // consumed: its workers get a take or a drop in withHeadStart
      return withHeadStart(s, segments, alerts, snapshot, o)
    }
    head?.cancel() // not used: the workers forget their copy
    if (!canSplit || segments.reduce((n, seg) => n + seg.length, 0) < threshold) return onMain(segments, alerts, snapshot, o)
    return (await Promise.all(shipped(segments, alerts, snapshot, o))).flat()
  }

  return { analyze, headStart, offload: createRequestOffloader(lanes, options.offload && { maxBytes: headStartMinBytes, ...options.offload }), size: () => lanes.list.length, terminate: lanes.terminate }
}
