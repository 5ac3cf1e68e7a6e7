/**
 * Whole small requests answered by a worker. A 20-alert batch has nothing to
 * split, so the segment pool (pool.ts) leaves it on the main thread, and under
 * load that thread is the service's one busy core while the others idle. Here
 * the raw body of a POST /incident goes to a worker with room, which parses,
 * checks, triages and serialises it exactly as the main thread would
 * (`answerRequest`, the same functions); the main thread keeps only HTTP.
 *
 * Anything but a plain success (bad input, a batch over AIOPS_MAX_ALERTS, a
 * crashed or stuck worker) resolves to undefined and the main thread then
 * does the request itself: errors are answered by the one path that answers
 * them, with the same status and message, and a request never fails because
 * of a worker. A bad body costs two parses; a good one, one.
 */
import { IncidentRequest } from '../domain/model.ts'
import type { Snapshot } from '../graph/store.ts'
import { batchParser } from '../http/batch-text.ts'
import type { Lane, Lanes } from './lanes.ts'
import { encodeRequestTask } from './message-frames.ts'
import type { PrebuiltReport, RequestJob } from './pool-protocol.ts'
import { triage } from './triage.ts'

export type { PrebuiltReport, RequestJob } from './pool-protocol.ts'

/**
 * A prebuilt report for `body`, or undefined (at once when no worker has
 * room, later when the worker declined or failed): the caller answers itself.
 */
export type RequestOffloader = (body: string, snapshot: Snapshot, job: RequestJob) => Promise<PrebuiltReport | undefined> | undefined

export interface OffloadOptions {
  /** Requests one worker may hold at once; past that the main thread answers. */
  maxInFlight: number
  /**
   * Bodies this large stay off (the pool passes its head-start size): a big
   * batch is split across threads by segment instead, and one whole big batch
   * on a worker could outlast the task timeout and be re-run from the start.
   */
  maxBytes?: number
}

// A lane's backlog is counted in sources (plan.ts); a 20-alert body is ~4 KB.
const BYTES_PER_SOURCE = 200

export function createRequestOffloader(lanes: Lanes, options: OffloadOptions | undefined): RequestOffloader {
  if (!options || options.maxInFlight <= 0) return () => undefined
  // A route passes the same job object with every request: its JSON is made once.
  const jobTexts = new WeakMap<RequestJob, string>()
  return (body, snapshot, job) => {
    if (lanes.terminated() || body.length >= (options.maxBytes ?? Infinity)) return undefined
    let lane: Lane | undefined
    let least = options.maxInFlight
    for (const l of lanes.list) {
      const n = lanes.unfinished(l)
      if (n < least) [lane, least] = [l, n]
    }
    if (!lane) return undefined
    let jobText = jobTexts.get(job)
    if (jobText === undefined) jobTexts.set(job, (jobText = JSON.stringify(job)))
    const task = (id: number, key: string) => encodeRequestTask(id, key, jobText, body)
    const answered = lanes.run<PrebuiltReport | null | undefined>(lane, snapshot, Math.ceil(body.length / BYTES_PER_SOURCE), task, () => undefined)
    return answered.then((r) => r ?? undefined)
  }
}

// Compiled on a worker's first request, not at import: the main thread imports this file too, and start-up is measured.
let parseIncident: ((text: string) => unknown) | undefined

/**
 * The worker's half: what POST /incident does for a body, from text to the
 * serialised report, with no LLM (requests are offloaded only without one).
 * @throws for any input the main thread must answer itself (the worker replies with an error)
 */
export async function answerRequest(body: string, snapshot: Snapshot, job: RequestJob, clock: () => number = () => performance.now()): Promise<PrebuiltReport> {
  const t0 = clock()
  parseIncident ??= batchParser(IncidentRequest)
  const { alerts } = parseIncident(body) as IncidentRequest
  if (alerts.length > job.maxAlerts) throw new Error('over AIOPS_MAX_ALERTS')
  const t1 = clock()
  const { report, phasesMs } = await triage(alerts, snapshot, job.options, job.method, undefined, undefined, clock)
  const t2 = clock()
  const json = JSON.stringify(report)
  return { json, phasesMs: { parse: t1 - t0, ...phasesMs, serialize: clock() - t2 }, clusters: report.clusters.length }
}
