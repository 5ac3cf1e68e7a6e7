/**
 * The worker threads under the RCA pool: one lane per Bun worker, each with
 * its queue of tasks in flight. A lane loads a graph version once (keyed per
 * Snapshot object) and then only receives work. Every task carries its own
 * fallback, the same work done on the main thread: a task that times out, or
 * whose worker crashes, exits or answers an error, resolves through it, and
 * the worker is replaced, so a request never fails because of a worker.
 * What the work is (time segments, whole requests) is the callers' business
 * (pool.ts, request-offload.ts).
 */
import type { Snapshot } from '../graph/store.ts'
import { silentLogger, type Logger } from '../logger.ts'
import { decodeReply } from './message-frames.ts'
import type { CounterMessage, LoadMessage, WorkerReply } from './pool-protocol.ts'

// Workers that die this many times in a row without answering (e.g. a broken
// entry in a binary) are given up on: the lane is dropped, work stays inline.
const MAX_CONSECUTIVE_FAILURES = 3

export type FallbackReason = 'timeout' | 'crash' | 'exit' | 'error'

export interface LanesOptions {
  size: number
  url: URL
  taskTimeoutMs: number
  logger?: Logger
  onTask?: (where: 'inline' | 'worker') => void
  onFallback?: (reason: FallbackReason) => void
}

interface Task {
  id: number
  /** Same units as the pool's plan (sources), so backlogs compare. */
  cost: number
  settle: (result: unknown) => void
  fallback: () => void
}

export type TaskPost = (id: number, key: string) => string | object

export interface Lane {
  worker: Worker
  loaded: string | undefined
  queue: Task[]
  /** Tasks posted to the current worker, and (shared with it) how many it has finished: see `unfinished`. */
  posted: number
  finished: Int32Array
  timer: ReturnType<typeof setTimeout> | undefined
  failures: number
}

export interface Lanes {
  /** The live lanes (a lane given up on leaves this list). */
  readonly list: readonly Lane[]
  readonly terminated: () => boolean
  alive(lane: Lane): boolean
  /** Cost of the tasks the lane's worker has not finished (same reason as `unfinished`). */
  backlog(lane: Lane): number
  /**
   * Tasks the worker has not finished yet. Not `queue.length`: this thread
   * reads replies only between its own pieces of work, so while it is busy a
   * finished task still sits in the queue, and a worker judged by it looks
   * full while it idles (at 50 connections it did ~30 % of the requests).
   */
  unfinished(lane: Lane): number
  /** Makes sure `lane`'s worker holds `snapshot`'s graph version (posted once per version); returns its key. */
  load(lane: Lane, snapshot: Snapshot): string
  /** Posts a message that is not a task (head start begin/drop); structured clone for objects. */
  post(lane: Lane, message: string | object): void
  /**
   * Runs a task on `lane` against `snapshot`'s graph version; `message` builds
   * what to post once the task has its id (JSON text, or an object to go by
   * structured clone). Resolves with the worker's result, or with
   * `fallback()` (run on this thread) when the worker fails it.
   */
  run<R>(lane: Lane, snapshot: Snapshot, cost: number, message: TaskPost, fallback: () => R): Promise<R>
  /** Ends every worker; tasks in flight fall back. */
  terminate(): Promise<void>
}

export function createLanes(options: LanesOptions): Lanes {
  const logger = options.logger ?? silentLogger
  const versions = new WeakMap<Snapshot, { key: string; text: string }>()
  const list: Lane[] = []
  let nextKey = 0
  let nextId = 0
  let terminated = false

  const versionOf = (s: Snapshot) => {
    let v = versions.get(s)
    if (!v) {
      const key = `v${++nextKey}`
      const { graphOrigin, historyOrigin, historyHash, loadedAt } = s
      const msg: LoadMessage = { type: 'load', key, snapshot: { graph: s.graph.data, history: s.history, graphOrigin, historyOrigin, historyHash, loadedAt } }
      v = { key, text: JSON.stringify(msg) }
      versions.set(s, v)
    }
    return v
  }

  const arm = (lane: Lane) => {
    if (lane.timer || lane.queue.length === 0) return
    lane.timer = setTimeout(() => fail(lane, 'timeout'), options.taskTimeoutMs)
  }

  const spawn = (lane: Lane): Worker => {
    const w = new Worker(options.url)
    w.unref() // the server keeps the process alive, never an idle worker
    lane.posted = 0
    lane.finished = new Int32Array(new SharedArrayBuffer(4))
    const counter: CounterMessage = { type: 'counter', finished: lane.finished }
    w.postMessage(counter)
    w.addEventListener('message', (e: MessageEvent<string | WorkerReply>) => lane.worker === w && settle(lane, typeof e.data === 'string' ? decodeReply(e.data) : e.data))
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
    if (reply.error === undefined) {
      options.onTask?.('worker')
      task!.settle(reply.result)
    } else {
      options.onFallback?.('error')
      task!.fallback()
    }
  }

  const fail = (lane: Lane, reason: FallbackReason, detail?: string) => {
    if (!list.includes(lane)) return // already dropped: its last worker's close event is old news
    const orphans = lane.queue
    lane.queue = []
    clearTimeout(lane.timer)
    lane.timer = undefined
    lane.loaded = undefined
    lane.worker.terminate()
    lane.failures++
    logger.warn('rca worker replaced', { reason, detail, tasks_rerun_inline: orphans.length, failures: lane.failures })
    if (lane.failures >= MAX_CONSECUTIVE_FAILURES) {
      list.splice(list.indexOf(lane), 1)
      logger.error('rca worker keeps failing; lane dropped', { workers_left: list.length })
    } else lane.worker = spawn(lane)
    for (const t of orphans) {
      options.onFallback?.(reason)
      t.fallback()
    }
  }

  for (let i = 0; i < options.size; i++) {
    const lane = { loaded: undefined, queue: [], timer: undefined, failures: 0 } as unknown as Lane
    lane.worker = spawn(lane)
    list.push(lane)
  }

  const load = (lane: Lane, version: { key: string; text: string }) => {
    if (lane.loaded === version.key) return
    lane.worker.postMessage(version.text)
    lane.loaded = version.key
  }

  const run = <R>(lane: Lane, snapshot: Snapshot, cost: number, message: TaskPost, fallback: () => R) =>
    new Promise<R>((resolve, reject) => {
      const rerun = () => {
        try {
          resolve(fallback())
        } catch (e) {
          reject(e) // the work's own error (as inline would throw it) answers the request
        }
      }
      const task: Task = { id: ++nextId, cost, settle: (r) => resolve(r as R), fallback: rerun }
      const version = versionOf(snapshot)
      let posted: string | object
      try {
        posted = message(task.id, version.key)
      } catch {
        options.onFallback?.('error')
        return rerun()
      }
      load(lane, version)
      lane.queue.push(task)
      lane.posted++
      lane.worker.postMessage(posted)
      arm(lane)
    })

  const terminate = async () => {
    terminated = true
    const ending = list.splice(0, list.length)
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
        for (const t of orphans) t.fallback()
        return closed
      }),
    )
  }

  return {
    list,
    terminated: () => terminated,
    alive: (lane) => list.includes(lane),
    backlog: (lane) => {
      // A worker answers in order, so the replies this thread has not read yet are for the oldest
      // tasks: skip those (see `unfinished`) and count what the worker still has to do.
      const doneUnread = Atomics.load(lane.finished, 0) - (lane.posted - lane.queue.length)
      let cost = 0
      for (let i = Math.max(0, doneUnread); i < lane.queue.length; i++) cost += lane.queue[i]!.cost
      return cost
    },
    unfinished: (lane) => lane.posted - Atomics.load(lane.finished, 0),
    load: (lane, snapshot) => {
      const version = versionOf(snapshot)
      load(lane, version)
      return version.key
    },
    post: (lane, message) => lane.worker.postMessage(message),
    run,
    terminate,
  }
}
