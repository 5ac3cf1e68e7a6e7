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
 *   and segments the same batch at once, and the worker is then told which
 *   segments are its own (a list of indexes). Nothing big crosses threads, and
 *   the serial prefix is no longer serial.
 * - shipping (everything else): each segment's sources and alerts are encoded
 *   (segment-codec.ts) and sent; worth it only for big batches.
 * A task that times out, or whose worker crashes or exits, is re-run inline
 * and the worker replaced, so a request never fails because of a worker.
 */
import type { NormalizedAlert } from '../domain/model.ts'
import type { ClusterAnalysis } from '../domain/report.ts'
import type { Source } from '../domain/sources.ts'
import type { Snapshot } from '../graph/store.ts'
import { silentLogger, type Logger } from '../logger.ts'
import type { SegmentOptions } from './analyze.ts'
import { planLanes, type PlanOptions } from './plan.ts'
import type { BeginMessage, DropMessage, LoadMessage, TaskMessage, WorkerReply } from './pool-protocol.ts'
import { encodeSegment } from './segment-codec.ts'
import { analyzeSegments, type HeadStart, type HeadStarter, type SegmentAnalyzer } from './triage.ts'

// Shipping segments (segment-codec.ts) costs the main thread ~0.2 and the
// worker ~1.3 of the analysis they carry (bench/multi-cluster.ts), so it only
// pays for big batches; measured in SUBMIT.md (issue 6).
export const INLINE_BELOW_SOURCES = 2000
// A head start costs each worker a parse of the body: below ~64 KB (~300
// alerts) the whole request takes a few ms and parallel parsing cannot pay.
export const HEAD_START_MIN_BYTES = 64 * 1024
// With a head start a worker's share costs it what it costs the main thread, and sending it is an index list.
const HEAD_START_PLAN: PlanOptions = { sendCost: 0, workerCost: 1.05 }
// Workers that die this many times in a row without answering (e.g. a broken
// entry in a binary) are given up on: the lane is dropped, RCA stays inline.
const MAX_CONSECUTIVE_FAILURES = 3

export type FallbackReason = 'timeout' | 'crash' | 'exit' | 'error'

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
}

export interface WorkerPool {
  readonly analyze: SegmentAnalyzer
  readonly headStart: HeadStarter
  /** Workers currently alive. */
  readonly size: () => number
  /** Ends every worker; later batches run inline. */
  terminate(): Promise<void>
}

/** Work given to one worker: the segments to re-run inline should it fail. */
interface Task {
  id: number
  segments: ReadonlyArray<readonly Source[]>
  alerts: readonly NormalizedAlert[]
  options: SegmentOptions
  cost: number
  snapshot: Snapshot
  resolve: (a: ClusterAnalysis[]) => void
  reject: (e: unknown) => void
}

interface Lane {
  worker: Worker
  loaded: string | undefined
  queue: Task[]
  timer: ReturnType<typeof setTimeout> | undefined
  failures: number
}

/** A head start in flight: which workers are parsing the body, under which id. */
interface Started {
  id: number
  lanes: Lane[]
}

export function createWorkerPool(options: PoolOptions): WorkerPool {
  const url = options.workerUrl ?? new URL('./rca.worker.ts', import.meta.url)
  const logger = options.logger ?? silentLogger
  const threshold = options.inlineBelowSources ?? INLINE_BELOW_SOURCES
  const headStartMinBytes = options.headStartMinBytes ?? HEAD_START_MIN_BYTES
  const versions = new WeakMap<Snapshot, { key: string; text: string }>()
  const started = new WeakMap<HeadStart, Started>()
  let nextKey = 0
  let nextId = 0
  let terminated = false

  const versionOf = (s: Snapshot) => {
    let v = versions.get(s)
    if (!v) {
      const key = `v${++nextKey}`
      const msg: LoadMessage = { type: 'load', key, graph: s.graph.data, history: s.history }
      v = { key, text: JSON.stringify(msg) }
      versions.set(s, v)
    }
    return v
  }

  /** A worker's task done on the main thread after all (its analysis errors answer the request, as inline). */
  const rerun = (t: Task) => {
    try {
      t.resolve(analyzeSegments(t.segments, t.alerts, t.snapshot, t.options))
    } catch (e) {
      t.reject(e)
    }
  }

  const arm = (lane: Lane) => {
    if (lane.timer || lane.queue.length === 0) return
    lane.timer = setTimeout(() => fail(lane, 'timeout'), options.taskTimeoutMs)
  }

  const spawn = (lane: Lane): Worker => {
    const w = new Worker(url)
    w.unref() // the server keeps the process alive, never an idle worker
    w.addEventListener('message', (e: MessageEvent<string>) => lane.worker === w && settle(lane, JSON.parse(e.data) as WorkerReply))
    w.addEventListener('error', (e) => lane.worker === w && fail(lane, 'crash', (e as ErrorEvent).message))
    w.addEventListener('close', () => lane.worker === w && !terminated && fail(lane, 'exit'))
    return w
  }

  const settle = (lane: Lane, reply: WorkerReply) => {
    const i = lane.queue.findIndex((t) => t.id === reply.id)
    if (i < 0) return
    const [task] = lane.queue.splice(i, 1)
    clearTimeout(lane.timer)
    lane.timer = undefined
    lane.failures = 0
    arm(lane)
    if (reply.result) {
      options.onTask?.('worker')
      task!.resolve(reply.result)
    } else {
      options.onFallback?.('error')
      rerun(task!)
    }
  }

  const lanes: Lane[] = []
  const fail = (lane: Lane, reason: FallbackReason, detail?: string) => {
    if (!lanes.includes(lane)) return // already dropped: its last worker's close event is old news
    const orphans = lane.queue
    lane.queue = []
    clearTimeout(lane.timer)
    lane.timer = undefined
    lane.loaded = undefined
    lane.worker.terminate()
    lane.failures++
    logger.warn('rca worker replaced', { reason, detail, tasks_rerun_inline: orphans.length, failures: lane.failures })
    if (lane.failures >= MAX_CONSECUTIVE_FAILURES) {
      lanes.splice(lanes.indexOf(lane), 1)
      logger.error('rca worker keeps failing; lane dropped', { workers_left: lanes.length })
    } else lane.worker = spawn(lane)
    for (const t of orphans) {
      options.onFallback?.(reason)
      rerun(t)
    }
  }

  for (let i = 0; i < options.size; i++) {
    const lane = { loaded: undefined, queue: [], timer: undefined, failures: 0 } as unknown as Lane
    lane.worker = spawn(lane)
    lanes.push(lane)
  }

  const load = (lane: Lane, snapshot: Snapshot) => {
    const version = versionOf(snapshot)
    if (lane.loaded === version.key) return version
    lane.worker.postMessage(version.text)
    lane.loaded = version.key
    return version
  }

  /** Queues `work` on `lane`; `message` builds what to post once the task has its id. */
  const enqueue = (lane: Lane, work: Omit<Task, 'id' | 'resolve' | 'reject'>, message: (id: number, key: string) => TaskMessage) =>
    new Promise<ClusterAnalysis[]>((resolve, reject) => {
      const task: Task = { ...work, id: ++nextId, resolve, reject }
      let text: string
      try {
        text = JSON.stringify(message(task.id, versionOf(work.snapshot).key))
      } catch {
        options.onFallback?.('error')
        return rerun(task)
      }
      load(lane, work.snapshot)
      lane.queue.push(task)
      lane.worker.postMessage(text)
      arm(lane)
    })

  /** Tells a lane's worker to forget a begun body (if the lane is still alive). */
  const drop = (lane: Lane, id: number) => {
    if (lanes.includes(lane)) lane.worker.postMessage(JSON.stringify({ type: 'drop', id } satisfies DropMessage))
  }

  /** The main thread's share of a batch, analysed here and now. */
  const onMain = (segments: ReadonlyArray<readonly Source[]>, alerts: readonly NormalizedAlert[], snapshot: Snapshot, o: SegmentOptions) => {
    for (let i = 0; i < segments.length; i++) options.onTask?.('inline')
    return analyzeSegments(segments, alerts, snapshot, o)
  }

  const headStart: HeadStarter = (body, segmentOptions) => {
    if (terminated || body.length < headStartMinBytes) return undefined
    // Only idle workers: one still busy would make the main thread wait for it.
    const idle = lanes.filter((l) => l.queue.length === 0)
    if (idle.length === 0) return undefined
    const s: Started = { id: ++nextId, lanes: idle }
    const begin: BeginMessage = { type: 'begin', id: s.id, body, options: segmentOptions }
    // An object, not JSON text: structured clone copies the body string as it is, JSON.stringify would escape it.
    for (const lane of idle) lane.worker.postMessage(begin)
    const handle: HeadStart = {
      cancel: () => {
        if (started.delete(handle)) for (const lane of s.lanes) drop(lane, s.id)
      },
    }
    started.set(handle, s)
    return handle
  }

  /** Splits the segments between the main thread and the workers that parsed this batch too. */
  const withHeadStart = (s: Started, segments: Source[][], alerts: readonly NormalizedAlert[], snapshot: Snapshot, o: SegmentOptions) => {
    const live = s.lanes.filter((l) => lanes.includes(l))
    const costs = segments.map((seg) => seg.length)
    const plan = planLanes(costs, live.map(() => 0), HEAD_START_PLAN)
    const results: Array<ClusterAnalysis[] | Promise<ClusterAnalysis[]>> = []
    live.forEach((lane, k) => {
      const indexes = plan.flatMap((laneNo, i) => (laneNo === k + 1 ? [i] : []))
      if (indexes.length === 0) return drop(lane, s.id)
      const work = { segments: indexes.map((i) => segments[i]!), alerts, options: o, cost: indexes.reduce((n, i) => n + costs[i]!, 0), snapshot }
      results.push(enqueue(lane, work, (id, key) => ({ type: 'take', id, key, prepared: s.id, indexes, count: segments.length, options: o })))
    })
    results.push(onMain(segments.filter((_, i) => plan[i] === 0), alerts, snapshot, o))
    return results
  }

  /** Ships segments to workers by LPT over the lanes' backlogs; the main thread takes its share. */
  const shipped = (segments: Source[][], alerts: readonly NormalizedAlert[], snapshot: Snapshot, o: SegmentOptions) => {
    const active = [...lanes]
    const costs = segments.map((seg) => seg.length)
    const plan = planLanes(costs, active.map((l) => l.queue.reduce((n, t) => n + t.cost, 0)))
    const results: Array<ClusterAnalysis[] | Promise<ClusterAnalysis[]>> = []
    // Ship the workers' share first so they start while the main thread works on its own.
    plan.forEach((laneNo, i) => {
      if (laneNo === 0) return
      const work = { segments: [segments[i]!], alerts, options: o, cost: costs[i]!, snapshot }
      results.push(enqueue(active[laneNo - 1]!, work, (id, key) => ({ type: 'task', id, key, segment: encodeSegment(segments[i]!, alerts), options: o })))
    })
    results.push(onMain(segments.filter((_, i) => plan[i] === 0), alerts, snapshot, o))
    return results
  }

  const analyze: SegmentAnalyzer = async (segments, alerts, snapshot, o, head) => {
    const s = head && started.get(head)
    const canSplit = !terminated && lanes.length > 0 && segments.length >= 2
    if (s && canSplit) {
      started.delete(head!) // consumed: its workers get a take or a drop in withHeadStart
      return (await Promise.all(withHeadStart(s, segments, alerts, snapshot, o))).flat()
    }
    head?.cancel() // not used: the workers forget their copy
    if (!canSplit || segments.reduce((n, seg) => n + seg.length, 0) < threshold) return onMain(segments, alerts, snapshot, o)
    return (await Promise.all(shipped(segments, alerts, snapshot, o))).flat()
  }

  const terminate = async () => {
    terminated = true
    const ending = lanes.splice(0, lanes.length)
    await Promise.all(
      ending.map((lane) => {
        clearTimeout(lane.timer)
        const orphans = lane.queue
        lane.queue = []
        const closed = new Promise<void>((res) => {
          lane.worker.addEventListener('close', () => res(), { once: true })
          setTimeout(res, 1000).unref()
        })
        lane.worker.terminate()
        for (const t of orphans) rerun(t)
        return closed
      }),
    )
  }

  return { analyze, headStart, size: () => lanes.length, terminate }
}
