/**
 * A fixed pool of Bun workers, in the shape of piscina's balancer: `run(task)`
 * posts a text task to the least busy worker and resolves with its answer.
 * What a task is belongs to the caller (src/incident/offload.ts: a whole
 * request, body text in, report text out); the worker side is serve.ts.
 *
 * A request never fails because of a worker: every task carries its inline
 * version, run on this thread when no worker has room, when the worker
 * declines the task (input the caller must answer itself, e.g. a 4xx), and
 * when it fails it: an error reply, a crash, an exit, or no reply within the
 * timeout. A worker that crashed, exited or got stuck is replaced; failures
 * are logged and counted by reason, declines are not failures.
 */
import { silentLogger, type Logger } from '../logger.ts'
import { readOutcome, SHARED, taskFrame, type Outcome } from './frames.ts'

// A worker that dies this many times in a row without answering (e.g. a broken
// entry in a binary) is given up on; its share of the work stays inline.
const MAX_CONSECUTIVE_FAILURES = 3

// Tasks a worker may hold before the main thread answers the next one itself.
// A small request takes well under a millisecond, so a queue this long waits
// a few at most; past it, this thread is idle enough to do the work.
export const DEFAULT_MAX_UNFINISHED = 8

export type FailureReason = 'timeout' | 'crash' | 'exit' | 'error'

export interface PoolOptions {
  size: number
  /**
   * Worker entry. main.ts passes one relative to itself, because in the
   * compiled binary import.meta.url is the bundle's entry, not this file;
   * tests point it at misbehaving fixtures.
   */
  url: URL
  /** A worker that holds tasks and answers none for this long is stuck: replaced, its tasks run inline. */
  taskTimeoutMs: number
  maxUnfinished?: number
  logger?: Logger
  onTask?: (where: 'inline' | 'worker') => void
  onFailure?: (reason: FailureReason) => void
}

/** How to read a worker's answer, and the same work done on this thread. */
export interface Job<R> {
  decode(text: string): R
  inline(): R | Promise<R>
}

export interface WorkerPool {
  run<R>(task: string, job: Job<R>): Promise<R>
  /** State every worker holds before its next task (e.g. the live graph); a replacement gets it at start. */
  share(text: string): void
  /** Workers alive. */
  size(): number
  /** Ends every worker; tasks in flight and later tasks run inline. */
  terminate(): Promise<void>
}

interface Pending {
  settle(outcome: Outcome): void
  rerun(): void
}

interface Slot {
  worker: Worker
  pending: Map<number, Pending>
  /** Tasks posted to the current worker, and (shared with it) how many it has finished. */
  posted: number
  finished: Int32Array
  timer: ReturnType<typeof setTimeout> | undefined
  failures: number
}

export function createWorkerPool(options: PoolOptions): WorkerPool {
  const logger = options.logger ?? silentLogger
  const maxUnfinished = options.maxUnfinished ?? DEFAULT_MAX_UNFINISHED
  const slots: Slot[] = []
  let shared: string | undefined
  let nextId = 0
  let terminated = false

  /**
   * Tasks the worker has not finished. Not `pending.size`: this thread reads
   * replies only between its own pieces of work, so while it is busy a
   * finished task still looks pending, and a worker judged by that looks full
   * while it idles.
   */
  const unfinished = (s: Slot) => s.posted - Atomics.load(s.finished, 0)

  const arm = (s: Slot) => {
    if (s.timer || s.pending.size === 0) return
    s.timer = setTimeout(() => fail(s, 'timeout'), options.taskTimeoutMs)
  }
  const disarm = (s: Slot) => {
    clearTimeout(s.timer)
    s.timer = undefined
  }

  const spawn = (s: Slot) => {
    const w = new Worker(options.url)
    w.unref() // the server keeps the process alive, never an idle worker
    s.worker = w
    s.posted = 0
    s.finished = new Int32Array(new SharedArrayBuffer(4))
    w.postMessage({ finished: s.finished })
    if (shared !== undefined) w.postMessage(SHARED + shared)
    w.addEventListener('message', (e: MessageEvent<string>) => {
      const o = s.worker === w && typeof e.data === 'string' ? readOutcome(e.data) : undefined
      if (o) settle(s, o)
    })
    w.addEventListener('error', (e) => s.worker === w && fail(s, 'crash', (e as ErrorEvent).message))
    w.addEventListener('close', () => s.worker === w && !terminated && fail(s, 'exit'))
  }

  const settle = (s: Slot, o: Outcome) => {
    const p = s.pending.get(o.id)
    if (!p) return
    s.pending.delete(o.id)
    disarm(s)
    s.failures = 0
    arm(s)
    p.settle(o)
  }

  const fail = (s: Slot, reason: FailureReason, detail?: string) => {
    if (!slots.includes(s)) return // already dropped: its last worker's close event is old news
    const orphans = [...s.pending.values()]
    s.pending.clear()
    disarm(s)
    s.worker.terminate()
    s.failures++
    logger.warn('worker replaced', { reason, detail, tasks_rerun_inline: orphans.length, failures: s.failures })
    if (s.failures >= MAX_CONSECUTIVE_FAILURES) {
      slots.splice(slots.indexOf(s), 1)
      logger.error('worker keeps failing; dropped', { workers_left: slots.length })
    } else spawn(s)
    for (const p of orphans) {
      options.onFailure?.(reason)
      p.rerun()
    }
  }

  for (let i = 0; i < options.size; i++) {
    const s = { pending: new Map(), timer: undefined, failures: 0 } as unknown as Slot
    spawn(s)
    slots.push(s)
  }

  const leastBusy = (): Slot | undefined => {
    let best: Slot | undefined
    let least = maxUnfinished
    for (const s of slots) {
      const n = unfinished(s)
      if (n < least) [best, least] = [s, n]
    }
    return best
  }

  const inline = async <R>(job: Job<R>): Promise<R> => {
    options.onTask?.('inline')
    return await job.inline()
  }

  const run = <R>(task: string, job: Job<R>): Promise<R> => {
    const s = terminated ? undefined : leastBusy()
    if (!s) return inline(job)
    return new Promise<R>((resolve, reject) => {
      const rerun = () => inline(job).then(resolve, reject)
      const id = ++nextId
      s.pending.set(id, {
        rerun,
        settle: (o) => {
          if (o.kind === 'declined') return rerun()
          if (o.kind === 'error') {
            logger.warn('worker task failed; answered inline', { detail: o.text })
            options.onFailure?.('error')
            return rerun()
          }
          let result: R
          try {
            result = job.decode(o.text)
          } catch (e) {
            logger.warn('worker answer unreadable; answered inline', { detail: (e as Error).message })
            options.onFailure?.('error')
            return rerun()
          }
          options.onTask?.('worker')
          resolve(result)
        },
      })
      s.posted++
      s.worker.postMessage(taskFrame(id, task))
      arm(s)
    })
  }

  const share = (text: string) => {
    shared = text
    for (const s of slots) s.worker.postMessage(SHARED + text)
  }

  const terminate = async () => {
    terminated = true
    const ending = slots.splice(0, slots.length)
    await Promise.all(
      ending.map((s) => {
        disarm(s)
        const orphans = [...s.pending.values()]
        s.pending.clear()
        const closed = new Promise<void>((res) => {
          s.worker.addEventListener('close', () => res(), { once: true })
          setTimeout(res, 1000).unref()
        })
        s.worker.terminate()
        for (const p of orphans) p.rerun()
        return closed
      }),
    )
  }

  return { run, share, size: () => slots.length, terminate }
}
