/**
 * Whole-request messages (request-offload.ts) as framed text. A string crosses
 * to a worker without structured clone, which for an object with a 7 KB body
 * costs ~3× a string's post (measured: 11–15 vs 4–5 µs per postMessage with
 * the worker waking, 35–48 vs 16–22 µs a round trip), and these go both ways
 * on every small request. Neither the body nor the report's JSON is escaped
 * again: each is the tail of its frame, after the first newline.
 *
 *   task:  `R <id> <graph key> <job JSON>\n<body>`
 *   reply: `P <id> <clusters> <phases JSON>\n<report JSON>`, or `P <id>` when declined
 *
 * Other messages stay JSON text (they start with `{`) or, for `begin`, an object.
 */
import type { PrebuiltReport, RequestJob, RequestTask, WorkerReply } from './pool-protocol.ts'

const TASK = 'R '
const REPLY = 'P '

export function encodeRequestTask(id: number, key: string, jobText: string, body: string): string {
  return `${TASK}${id} ${key} ${jobText}\n${body}`
}

// A route sends the same job with every request: parse its text once.
let lastJob: { text: string; job: RequestJob } | undefined

export function isRequestTask(data: unknown): data is string {
  return typeof data === 'string' && data.startsWith(TASK)
}

export function decodeRequestTask(frame: string): RequestTask {
  const nl = frame.indexOf('\n')
  const idEnd = frame.indexOf(' ', TASK.length)
  const keyEnd = frame.indexOf(' ', idEnd + 1)
  if (nl < 0 || idEnd < 0 || keyEnd < 0 || keyEnd > nl) throw new Error('malformed request frame')
  const jobText = frame.slice(keyEnd + 1, nl)
  if (lastJob?.text !== jobText) lastJob = { text: jobText, job: JSON.parse(jobText) as RequestJob }
  return { type: 'request', id: Number(frame.slice(TASK.length, idEnd)), key: frame.slice(idEnd + 1, keyEnd), body: frame.slice(nl + 1), job: lastJob.job }
}

export function encodeReportReply(id: number, report: PrebuiltReport | null): string {
  return report ? `${REPLY}${id} ${report.clusters} ${JSON.stringify(report.phasesMs)}\n${report.json}` : `${REPLY}${id}`
}

/** Any worker reply: a report frame, or JSON text (analyses, errors). */
export function decodeReply(text: string): WorkerReply {
  if (!text.startsWith(REPLY)) return JSON.parse(text) as WorkerReply
  const idEnd = text.indexOf(' ', REPLY.length)
  if (idEnd < 0) return { id: Number(text.slice(REPLY.length)), result: null }
  const clustersEnd = text.indexOf(' ', idEnd + 1)
  const nl = text.indexOf('\n', clustersEnd)
  return {
    id: Number(text.slice(REPLY.length, idEnd)),
    result: { clusters: Number(text.slice(idEnd + 1, clustersEnd)), phasesMs: JSON.parse(text.slice(clustersEnd + 1, nl)) as Record<string, number>, json: text.slice(nl + 1) },
  }
}
