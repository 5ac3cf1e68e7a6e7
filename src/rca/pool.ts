/**
 * A fixed pool of Bun workers that correlates and analyses the time segments
 * of one batch (domain/segments.ts) in parallel with the main thread. It is a
 * SegmentAnalyzer, so the request path cannot tell it from analyzeInline
 * except by speed. Each worker receives a graph version once (keyed per
 * Snapshot object) and then only segments.
 * A task that times out, or whose worker crashes or exits, is re-run inline
 * and the worker replaced, so a request never fails because of a worker.
 * Batches too small to gain (INLINE_BELOW_SOURCES) never leave the main thread.
 */
import type { NormalizedAlert } from '../domain/model.ts'
import type { ClusterAnalysis } from '../domain/report.ts'
import type { Source } from '../domain/sources.ts'
import type { Snapshot } from '../graph/store.ts'
import { silentLogger, type Logger } from '../logger.ts'
import { analyzeSegment, type SegmentOptions } from './analyze.ts'
import { planLanes } from './plan.ts'
import type { LoadMessage, TaskMessage, WorkerReply } from './pool-protocol.ts'
import { encodeSegment } from './segment-codec.ts'
import { analyzeInline, type SegmentAnalyzer } from './triage.ts'

// Measured with `bun run bench` (SUBMIT.md (issue 6)) on the 2-core build VM: a
// 10-incident batch of 1064 sources on a 1000-service graph analysed in
// 12.8 ms inline but 17.3 ms with one worker (0.74x): JSC threads allocating
// side by side slow each other down there, so no crossover was found up to
// that size. The default keeps every batch we measured a loss on inline;
// AIOPS_RCA_POOL_MIN_SOURCES lowers it where the cores really are parallel.
export const INLINE_BELOW_SOURCES = 2000
// Workers that die this many times in a row without answering (e.g. a broken
// entry in a binary) are given up on: the lane is dropped, RCA stays inline.
const MAX_CONSECUTIVE_FAILURES = 3

export type FallbackReason = 'timeout' | 'crash' | 'exit' | 'error'

export interface PoolOptions {
  size: number
  taskTimeoutMs: number
  inlineBelowSources?: number
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
  /** Workers currently alive. */
  readonly size: () => number
  /** Ends every worker; later batches run inline. */
  terminate(): Promise<void>
}

interface Task {
  id: number
  segment: readonly Source[]
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

export function createWorkerPool(options: PoolOptions): WorkerPool {
  const url = options.workerUrl ?? new URL('./rca.worker.ts', import.meta.url)
  const logger = options.logger ?? silentLogger
  const threshold = options.inlineBelowSources ?? INLINE_BELOW_SOURCES
  const versions = new WeakMap<Snapshot, { key: string; text: string }>()
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

  const runInline = (t: Task) => {
    try {
      t.resolve(analyzeSegment(t.segment, t.alerts, t.snapshot.graph, t.snapshot.history, t.options))
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
      runInline(task!)
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
      runInline(t)
    }
  }

  for (let i = 0; i < options.size; i++) {
    const lane = { loaded: undefined, queue: [], timer: undefined, failures: 0 } as unknown as Lane
    lane.worker = spawn(lane)
    lanes.push(lane)
  }

  const analyze: SegmentAnalyzer = async (segments, alerts, snapshot, segmentOptions) => {
    const costs = segments.map((s) => s.length)
    if (terminated || lanes.length === 0 || segments.length < 2 || costs.reduce((a, b) => a + b, 0) < threshold) {
      for (let i = 0; i < segments.length; i++) options.onTask?.('inline')
      return analyzeInline(segments, alerts, snapshot, segmentOptions)
    }
    const active = [...lanes]
    const plan = planLanes(costs, active.map((l) => l.queue.reduce((s, t) => s + t.cost, 0)))
    const version = versionOf(snapshot)
    const results: Array<ClusterAnalysis[] | Promise<ClusterAnalysis[]>> = new Array(segments.length)
    // Ship the workers' share first so they start while the main thread works on its own.
    plan.forEach((laneNo, i) => {
      if (laneNo > 0) results[i] = enqueue(active[laneNo - 1]!, { segment: segments[i]!, alerts, cost: costs[i]!, snapshot, options: segmentOptions }, version)
    })
    plan.forEach((laneNo, i) => {
      if (laneNo === 0) {
        options.onTask?.('inline')
        results[i] = analyzeSegment(segments[i]!, alerts, snapshot.graph, snapshot.history, segmentOptions)
      }
    })
    return (await Promise.all(results)).flat()
  }

  const enqueue = (lane: Lane, work: Omit<Task, 'id' | 'resolve' | 'reject'>, version: { key: string; text: string }) =>
    new Promise<ClusterAnalysis[]>((resolve, reject) => {
      const task: Task = { ...work, id: ++nextId, resolve, reject }
      let text: string
      try {
        const msg: TaskMessage = { type: 'task', id: task.id, key: version.key, segment: encodeSegment(task.segment, task.alerts), options: task.options }
        text = JSON.stringify(msg)
      } catch {
        options.onFallback?.('error')
        return runInline(task)
      }
      if (lane.loaded !== version.key) {
        lane.worker.postMessage(version.text)
        lane.loaded = version.key
      }
      lane.queue.push(task)
      lane.worker.postMessage(text)
      arm(lane)
    })

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
        for (const t of orphans) runInline(t)
        return closed
      }),
    )
  }

  return { analyze, size: () => lanes.length, terminate }
}
