/**
 * The worker side of the pool (pool.ts): `serveTasks` wires a worker's
 * message handler to one task function. It keeps the shared state the main
 * thread sends (`onShared`), answers each task frame with the function's text,
 * a decline (the function returned DECLINED: input the main thread answers
 * itself) or an error (anything it threw: counted and logged over there), and
 * bumps the shared finished-task counter just before each reply.
 */
import { outcomeFrame, readTask, SHARED, type Outcome } from './frames.ts'

export const DECLINED = Symbol('declined')

export interface TaskHandlers {
  onShared(text: string): void
  onTask(text: string): string | typeof DECLINED | Promise<string | typeof DECLINED>
}

// After a burst, a worker that has gone quiet collects its garbage at once instead of holding it
// until its next allocation, so the process's RSS settles back near idle.
const IDLE_GC_MS = 1000

export function serveTasks(self: Worker, handlers: TaskHandlers): void {
  let finished: Int32Array | undefined
  let idleGc: ReturnType<typeof setTimeout> | undefined
  const reply = (o: Outcome) => {
    if (finished) Atomics.add(finished, 0, 1)
    self.postMessage(outcomeFrame(o))
  }
  const answer = async (id: number, text: string) => {
    try {
      const r = await handlers.onTask(text)
      reply(r === DECLINED ? { id, kind: 'declined' } : { id, kind: 'ok', text: r })
    } catch (e) {
      reply({ id, kind: 'error', text: e instanceof Error ? e.message : String(e) })
    }
  }
  self.onmessage = (event: MessageEvent<unknown>) => {
    clearTimeout(idleGc)
    idleGc = setTimeout(() => Bun.gc(true), IDLE_GC_MS)
    const data = event.data
    if (typeof data !== 'string') {
      finished = (data as { finished: Int32Array }).finished
      return
    }
    if (data.startsWith(SHARED)) return handlers.onShared(data.slice(SHARED.length))
    const task = readTask(data)
    if (task) void answer(task.id, task.text)
  }
}
