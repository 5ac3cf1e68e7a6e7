/**
 * POST /incident bodies answered by the worker pool (src/workers/pool.ts).
 * Under load the main thread is the service's one busy core while the others
 * idle; here the body's text goes to the least busy worker, which answers it
 * with the same function the main thread would (answer.ts answerIncident),
 * and the main thread keeps only HTTP. A worker declines input the main
 * thread must refuse (the same function then throws the 4xx here), and the
 * pool runs the request inline when no worker has room or one fails.
 *
 * What a worker needs besides the body (the live graph version and the
 * pipeline settings) is shared once per graph version, not sent per request:
 *   shared: JSON { key, snapshot, options, method, maxAlerts, sources, chronic }
 *   task:   `<key>\n<body>`          (declined when the worker holds another key)
 *   answer: `<clusters> <phases JSON>\n<alert sources JSON or nothing>\n<report JSON>`
 * Requests with an LLM pass stay on the main thread: workers have no LLM.
 */
import type { Snapshot, SnapshotInput } from '../graph/store.ts'
import type { TriageOptions } from '../settings.ts'
import type { WorkerPool } from '../workers/pool.ts'
import type { ChronicTable } from './chronic-weights.ts'
import { answerIncident, type Answer, type AnswerContext } from './answer.ts'

export interface SharedState {
  key: number
  snapshot: SnapshotInput
  options: TriageOptions
  method: string
  maxAlerts: number
  /** Answers also give the batch's alert sources (an incident store keeps them). */
  sources: boolean
  /** The chronic baseline's discounted fingerprints (chronic-weights.ts); a new table is shared like a new graph version. */
  chronic?: ChronicTable
}

export function encodeAnswer(a: Answer): string {
  return `${a.clusters} ${JSON.stringify(a.phasesMs)}\n${a.sources ?? ''}\n${a.json}`
}

export function decodeAnswer(text: string): Answer {
  const sp = text.indexOf(' ')
  const nl = text.indexOf('\n', sp)
  const nl2 = nl < 0 ? -1 : text.indexOf('\n', nl + 1)
  if (sp < 0 || nl2 < 0) throw new Error('malformed answer frame')
  const answer: Answer = {
    clusters: Number(text.slice(0, sp)),
    phasesMs: JSON.parse(text.slice(sp + 1, nl)) as Record<string, number>,
    json: text.slice(nl2 + 1),
  }
  if (nl2 > nl + 1) answer.sources = text.slice(nl + 1, nl2)
  return answer
}

/** The task's graph key and body. */
export function readTaskText(text: string): { key: number; body: string } {
  const nl = text.indexOf('\n')
  return { key: Number(text.slice(0, nl)), body: text.slice(nl + 1) }
}

/**
 * The function POST /incident answers a body's text with: on a worker when
 * there is a pool and no LLM pass, else inline.
 * @param context the request's context, read once per request (it captures the live graph)
 */
export function incidentAnswerer(pool: WorkerPool | undefined, context: () => AnswerContext): (text: string) => Promise<Answer> {
  if (!pool) return (text) => answerIncident(text, context())
  let sharedFor: Snapshot | undefined
  let sharedOptions: TriageOptions | undefined
  let sharedChronic: ChronicTable | undefined
  let key = 0
  return (text) => {
    const ctx = context()
    const inline = () => answerIncident(text, ctx)
    if (ctx.enrich || !ctx.snapshot) return inline()
    // A new graph version, new settings (a shadow promotion) or a new chronic table: the workers get them before the next task.
    if (ctx.snapshot !== sharedFor || ctx.options !== sharedOptions || ctx.chronic !== sharedChronic) {
      sharedFor = ctx.snapshot
      sharedOptions = ctx.options
      sharedChronic = ctx.chronic
      const { graph, history, graphOrigin, historyOrigin, historyHash, loadedAt } = ctx.snapshot
      const state: SharedState = {
        key: ++key,
        snapshot: { graph: graph.data, history, graphOrigin, historyOrigin, historyHash, loadedAt },
        options: ctx.options,
        method: ctx.method,
        maxAlerts: ctx.maxAlerts,
        sources: ctx.sources === true,
        ...(ctx.chronic ? { chronic: ctx.chronic } : {}),
      }
      pool.share(JSON.stringify(state))
    }
    return pool.run(`${key}\n${text}`, { decode: decodeAnswer, inline })
  }
}
