/**
 * Write-behind queue between the request path and the incident store. A
 * request only puts its incident here (keyed by id, so a storm re-sent many
 * times before a flush is one write of its latest state); one writer drains
 * it in batches, one transaction each, off the request path. A failed batch
 * goes back into the queue and the writer retries with a growing pause, so a
 * store that is down for a while loses nothing that fits the queue. Bounded:
 * when full, new incidents are dropped and counted rather than memory growing
 * or answers waiting. Failures are logged at most once a minute so a down
 * store does not flood the log.
 */
/** A queued write: the id it coalesces on. */
export interface Keyed {
  id: string
}

export interface WriteQueueOptions<T extends Keyed> {
  write: (batch: T[]) => Promise<void>
  /** Distinct incidents waiting at most; beyond it new ones are dropped. */
  maxPending: number
  /** Incidents per transaction. */
  batchSize: number
  /** How long a write may wait for others to join its batch. */
  flushMs: number
  /** Longest pause between retries while the store keeps failing (the pause doubles from flushMs). */
  maxRetryMs: number
  logIntervalMs: number
  onOutcome?: (outcome: 'written' | 'failed' | 'dropped', count: number) => void
  onDepth?: (depth: number) => void
  logError?: (msg: string, fields: Record<string, unknown>) => void
  now?: () => number
}

// 1000 pending incidents are five seconds of the writer's full rate (a burst of new incidents
// far beyond any real storm), and bound the bodies and reports held. 20 per 100 ms caps the
// writer at 200 new incidents a second, a small share of the main thread it shares with the
// answers (build + upsert per incident, profiled with the binary); a storm
// re-sent is one incident per tick whatever its rate. A store back from an outage is written to
// within 5 s, and a down one is tried at most every 5 s.
export const WRITE_QUEUE_DEFAULTS = { maxPending: 1000, batchSize: 20, flushMs: 100, maxRetryMs: 5000, logIntervalMs: 60_000 }

interface Pending<T> {
  incident: T
}

export interface WriteQueue<T extends Keyed> {
  /** Queue the latest state of an incident; false when it was dropped (queue full). */
  put(incident: T): boolean
  /** The queued state of an incident not yet written, if any. */
  pending(id: string): T | undefined
  /** Write everything queued now (and wait for a write in flight). */
  flush(): Promise<void>
  depth(): number
  /** Failures since start (for /readyz). */
  failures(): { count: number; last_error: string | null; last_failure_at: string | null }
  close(): Promise<void>
}

export function createWriteQueue<T extends Keyed>(opts: WriteQueueOptions<T>): WriteQueue<T> {
  const o = { ...WRITE_QUEUE_DEFAULTS, ...opts }
  const now = o.now ?? Date.now
  const queue = new Map<string, Pending<T>>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<boolean> | undefined
  let failureCount = 0
  let lastError: string | null = null
  let lastFailureAt: number | null = null
  let lastLogAt = -Infinity
  let suppressed = 0
  let closed = false
  // Failures in a row: the pause before the next attempt doubles with each.
  let streak = 0

  const depthChanged = () => o.onDepth?.(queue.size)

  function schedule(): void {
    if (timer !== undefined || running !== undefined || queue.size === 0 || closed) return
    // One batch per flushMs at most: the writer shares the main thread with the answers, so its
    // share is capped (batchSize / flushMs incidents a second); past that the queue fills and drops.
    const pause = streak > 0 ? Math.min(o.maxRetryMs, o.flushMs * 2 ** streak) : o.flushMs
    timer = setTimeout(() => {
      timer = undefined
      void startDrain()
    }, pause)
  }

  /** One writer at a time: a batch already being written is joined, not doubled. Resolves false on a failure. */
  function startDrain(): Promise<boolean> {
    running ??= writeBatch().finally(() => {
      running = undefined
      schedule()
    })
    return running
  }

  function failed(batch: Pending<T>[], e: unknown): void {
    failureCount++
    streak++
    lastError = (e as Error)?.message ?? String(e)
    lastFailureAt = now()
    let dropped = 0
    for (const p of batch) {
      // A newer state queued meanwhile supersedes the failed one.
      if (queue.has(p.incident.id)) continue
      if (queue.size < o.maxPending) queue.set(p.incident.id, p)
      else dropped++
    }
    o.onOutcome?.('failed', batch.length)
    if (dropped > 0) o.onOutcome?.('dropped', dropped)
    if (lastFailureAt - lastLogAt >= o.logIntervalMs) {
      o.logError?.('incident store write failed', { error: lastError, incidents: batch.length, dropped, suppressed_since_last_log: suppressed })
      lastLogAt = lastFailureAt
      suppressed = 0
    } else suppressed++
  }

  async function writeBatch(): Promise<boolean> {
    const batch: Pending<T>[] = []
    for (const [id, p] of queue) {
      batch.push(p)
      queue.delete(id)
      if (batch.length >= o.batchSize) break
    }
    depthChanged()
    if (batch.length === 0) return true
    try {
      await o.write(batch.map((p) => p.incident))
      streak = 0
      o.onOutcome?.('written', batch.length)
      return true
    } catch (e) {
      failed(batch, e)
      depthChanged()
      return false
    }
  }

  return {
    put(incident) {
      if (closed) return false
      if (!queue.has(incident.id) && queue.size >= o.maxPending) {
        o.onOutcome?.('dropped', 1)
        return false
      }
      // Re-inserting moves the id to the end: the map stays in write order.
      queue.delete(incident.id)
      queue.set(incident.id, { incident })
      depthChanged()
      schedule()
      return true
    },
    pending: (id) => queue.get(id)?.incident,
    /** Everything queued now, without the pauses; a failing store stops it at the first failure. */
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer)
        timer = undefined
      }
      if (running !== undefined) await running
      while (queue.size > 0) {
        // After a failure the retry timer stays set; after a success the next batch goes now.
        if (!(await startDrain())) break
        if (timer !== undefined) {
          clearTimeout(timer)
          timer = undefined
        }
      }
    },
    depth: () => queue.size,
    failures: () => ({ count: failureCount, last_error: lastError, last_failure_at: lastFailureAt === null ? null : new Date(lastFailureAt).toISOString() }),
    async close() {
      await this.flush()
      closed = true
      if (timer !== undefined) clearTimeout(timer)
    },
  }
}
