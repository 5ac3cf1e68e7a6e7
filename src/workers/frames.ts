/**
 * The pool's wire format, shared by pool.ts (main thread) and serve.ts (the
 * worker side). Every message is a string: Bun posts strings without
 * structured clone, which for a request body of a few KB is several times
 * cheaper, and these cross on every offloaded request, both ways. A payload
 * is the tail of its frame, after the first newline, so it is never escaped.
 *
 *   to a worker:  `T<id>\n<task>` a task, `S\n<text>` the shared state
 *   from it:      `<id> ok\n<result>`, `<id> declined`, `<id> error\n<message>`
 *
 * The one object message is the first, `{ finished }`: a counter in shared
 * memory (pool.ts, `unfinished`).
 */

export const TASK = 'T'
export const SHARED = 'S\n'

export type Outcome = { id: number; kind: 'ok'; text: string } | { id: number; kind: 'declined' } | { id: number; kind: 'error'; text: string }

export const taskFrame = (id: number, task: string) => `${TASK}${id}\n${task}`

/** A task frame's id and text; undefined for anything else. */
export function readTask(frame: string): { id: number; text: string } | undefined {
  if (!frame.startsWith(TASK)) return undefined
  const nl = frame.indexOf('\n')
  if (nl < 0) return undefined
  return { id: Number(frame.slice(TASK.length, nl)), text: frame.slice(nl + 1) }
}

export function outcomeFrame(o: Outcome): string {
  return o.kind === 'declined' ? `${o.id} declined` : `${o.id} ${o.kind}\n${o.text}`
}

export function readOutcome(frame: string): Outcome | undefined {
  const sp = frame.indexOf(' ')
  const id = Number(frame.slice(0, sp))
  if (sp < 0 || !Number.isInteger(id)) return undefined
  const nl = frame.indexOf('\n', sp)
  const kind = frame.slice(sp + 1, nl < 0 ? undefined : nl)
  if (kind === 'declined') return { id, kind }
  if (nl < 0 || (kind !== 'ok' && kind !== 'error')) return undefined
  return { id, kind, text: frame.slice(nl + 1) }
}
