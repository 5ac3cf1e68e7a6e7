/**
 * One task at a time, in call order: the graph reloader and the discovery
 * refresher both swap the live snapshot, and two of their runs overlapping
 * would build on the same base and lose one change. A failed task does not
 * stop the ones queued behind it.
 */

/** A runner that starts each task when the one before it has settled. */
export function serial(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve()
  return (task) => {
    const run = queue.then(task)
    queue = run.catch(() => {})
    return run
  }
}
