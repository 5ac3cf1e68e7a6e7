/**
 * Dynamic sharing of one batch's time segments between the main thread and
 * the workers that parsed the same body (pool.ts head start): every thread
 * holds the same segments in the same order and claims the next one from a
 * shared counter (Atomics) whenever it is free, largest first. Whichever
 * thread is ahead (the worker skips validation, JIT and GC differ by thread,
 * the other vCPU may be busy) simply takes more, so the threads finish within
 * one small segment of each other. A fixed plan had to guess each thread's
 * start and speed, and guessed wrong by milliseconds on big batches.
 */

const NEXT = 0
const ABORTED = 1

/** The shared state of one head start: [next claim slot, aborted flag]. Posted to each worker inside its begin message. */
export function createClaims(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT))
}

/** Stops every thread's claiming: the batch was refused, will not be split, or is done. */
export function abortClaims(claims: Int32Array): void {
  Atomics.store(claims, ABORTED, 1)
}

/** True once abortClaims ran: a worker that has not started on the body yet can skip it. */
export function claimsAborted(claims: Int32Array): boolean {
  return Atomics.load(claims, ABORTED) !== 0
}

/**
 * Segment indexes in claim order: largest first (as in LPT scheduling), so the
 * last claims are small ones and no thread is left finishing a big segment
 * alone. Ties by index, so every thread computes the same order.
 * @example claimOrder([[a], [b, c], [d]]) // [1, 0, 2]
 */
export function claimOrder(segments: ReadonlyArray<{ readonly length: number }>): number[] {
  return segments.map((_, i) => i).sort((a, b) => segments[b]!.length - segments[a]!.length || a - b)
}

/**
 * Claims segments one at a time until none is left (or the head start was
 * aborted), running `work` on each as it is claimed.
 * @returns the indexes this thread claimed, in claim order
 */
export function claimEach(claims: Int32Array, order: readonly number[], work: (index: number) => void): number[] {
  const mine: number[] = []
  while (!claimsAborted(claims)) {
    const slot = Atomics.add(claims, NEXT, 1)
    if (slot >= order.length) break
    mine.push(order[slot]!)
    work(order[slot]!)
  }
  return mine
}
