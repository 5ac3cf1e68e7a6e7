/**
 * Process lifecycle state shared by main.ts and the readiness probe. On
 * SIGTERM the replica first *drains*: /readyz turns 503 so load balancers stop
 * sending it traffic, every request already received (including ones queued
 * behind a busy event loop, which the server has not dispatched yet) is
 * answered, and only then does the server stop. Stopping at once resets the
 * connections whose requests were received but not yet dispatched.
 */
export interface Lifecycle {
  draining: boolean
}

export function createLifecycle(): Lifecycle {
  return { draining: false }
}

/**
 * Wait until `pending()` has been 0 for two consecutive checks (a request
 * queued behind the last one gets its turn in between), or `maxMs` passed.
 * @returns whether the server went quiet before the deadline
 */
export async function drain(pending: () => number, maxMs: number, stepMs = 10): Promise<boolean> {
  const until = Date.now() + maxMs
  let quiet = 0
  while (Date.now() < until) {
    quiet = pending() === 0 ? quiet + 1 : 0
    if (quiet >= 2) return true
    await Bun.sleep(stepMs)
  }
  return false
}
