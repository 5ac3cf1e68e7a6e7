/**
 * ShadowQueue: where live requests leave work for the candidate. `offer` is
 * constant time and never throws, so the live path pays a coin toss and an
 * array push at most. Jobs run one at a time, each in its own macrotask
 * (setImmediate by default): the live answer that offered a job has been
 * handed to the socket before the job starts, and a live request that
 * arrives meanwhile waits for one job at most, never for the whole queue.
 * A job also waits while `busy` says live traffic is flowing, so under load
 * the queue fills and offers are refused (the caller counts a skip):
 * shadowing sheds load, it never builds a backlog or takes CPU from live.
 */

export type ShadowJob = () => unknown
export type OfferOutcome = 'queued' | 'full' | 'unsampled'

export interface ShadowQueueOptions {
  /** Jobs waiting or running at once; more are refused. */
  capacity: number
  /**
   * Total weight (alerts) of the jobs held at once: a job keeps its batch in
   * memory until it runs, so many large batches are refused even below
   * `capacity`. A job heavier than this alone is still taken into an empty queue.
   */
  maxWeight?: number
  /** Share of offers taken, 0–1. */
  sample: number
  /** Uniform in [0, 1); injected so tests choose the sample. */
  random?: () => number
  /** Runs a function in a later macrotask. */
  schedule?: (run: () => void) => void
  /** A job threw or rejected (the queue carries on). */
  onError?: (error: unknown) => void
  /** True while live work should have the thread; the next job then waits `retryMs` and asks again. */
  busy?: () => boolean
  retryMs?: number
}

export class ShadowQueue {
  private readonly jobs: Array<{ run: ShadowJob; weight: number }> = []
  private running = false
  private runningWeight = 0
  private weight = 0
  private waiters: Array<() => void> = []
  private readonly random: () => number
  private readonly schedule: (run: () => void) => void

  constructor(private readonly options: ShadowQueueOptions) {
    this.random = options.random ?? Math.random
    this.schedule = options.schedule ?? ((run) => void setImmediate(run))
  }

  /** Jobs waiting or running. */
  get size(): number {
    return this.jobs.length + (this.running ? 1 : 0)
  }

  /**
   * Leaves `job` (of `weight`, the alerts it holds) to run later, or says why not.
   * @example if (queue.offer(() => compare(batch), batch.length) === 'full') tally.skip('queue_full')
   */
  offer(job: ShadowJob, weight = 1): OfferOutcome {
    const { sample, capacity, maxWeight = Infinity } = this.options
    if (sample < 1 && !(this.random() < sample)) return 'unsampled'
    if (this.size >= capacity || (this.size > 0 && this.weight + weight > maxWeight)) return 'full'
    this.jobs.push({ run: job, weight })
    this.weight += weight
    if (!this.running) this.next()
    return 'queued'
  }

  /** Drops the jobs not started yet (a discarded candidate); the running one finishes. */
  clear(): void {
    this.jobs.length = 0
    this.weight = this.runningWeight
    if (!this.running) this.settle()
  }

  /** Resolves once no job is waiting or running (tests, replay). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  private next(): void {
    const job = this.jobs.shift()
    if (!job) {
      this.settle()
      return
    }
    this.running = true
    this.runningWeight = job.weight
    this.schedule(() => this.whenIdle(job.run))
  }

  private whenIdle(job: ShadowJob): void {
    let busy = false
    try {
      busy = this.options.busy?.() ?? false
    } catch {
      /* a failing probe counts as idle */
    }
    if (!busy) {
      void this.run(job)
      return
    }
    // unref: a waiting shadow job never keeps the process alive.
    setTimeout(() => this.whenIdle(job), this.options.retryMs ?? 5).unref()
  }

  private async run(job: ShadowJob): Promise<void> {
    try {
      await job()
    } catch (e) {
      try {
        this.options.onError?.(e)
      } catch {
        /* a failing reporter must not stop the queue */
      }
    }
    this.running = false
    this.weight -= this.runningWeight
    this.runningWeight = 0
    this.next()
  }

  private settle(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }
}
