/**
 * Reading the server's POST /incident body: reduces the JSON to the few fields scoring uses
 * (root_cause, clusters[].alert_ids, clusters[].root_cause) and tolerates missing or mistyped
 * fields, so a malformed answer scores as a miss instead of crashing the evaluation. Also
 * the top-k candidate list used by the top-3 metrics. Pure.
 */

/** The parts of a root_cause object the scorer looks at. */
export interface AnswerRootCause {
  service: string
  confidence: number | null
  /** Candidate services, best first, as returned (may repeat `service`). */
  candidates: string[]
  method: string | null
}

export interface AnswerCluster {
  alertIds: string[]
  rootCause: AnswerRootCause | null
}

/** A 200 response body reduced to what scoring needs. */
export interface Answer {
  rootCause: AnswerRootCause | null
  clusters: AnswerCluster[]
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

function readRootCause(v: unknown): AnswerRootCause | null {
  const rc = asRecord(v)
  if (rc === null || typeof rc.service !== 'string') return null
  const candidates: string[] = []
  if (Array.isArray(rc.candidates)) {
    for (const c of rc.candidates) {
      // Accept both {service, score} objects and bare names; the contract shows objects.
      const name = typeof c === 'string' ? c : asRecord(c)?.service
      if (typeof name === 'string') candidates.push(name)
    }
  }
  const confidence = typeof rc.confidence === 'number' && Number.isFinite(rc.confidence) ? rc.confidence : null
  const method = typeof rc.method === 'string' ? rc.method : null
  return { service: rc.service, confidence, candidates, method }
}

/**
 * Reduce a response body to an Answer, tolerating missing or mistyped fields
 * (a malformed field scores as a miss rather than crashing the evaluation).
 * @example readAnswer({ root_cause: { service: 'db' }, clusters: [] }).rootCause?.service // 'db'
 */
export function readAnswer(body: unknown): Answer {
  const obj = asRecord(body) ?? {}
  const clusters: AnswerCluster[] = []
  if (Array.isArray(obj.clusters)) {
    for (const raw of obj.clusters) {
      const c = asRecord(raw)
      if (c === null) continue
      const alertIds = Array.isArray(c.alert_ids) ? c.alert_ids.filter((x): x is string => typeof x === 'string') : []
      clusters.push({ alertIds, rootCause: readRootCause(c.root_cause) })
    }
  }
  return { rootCause: readRootCause(obj.root_cause), clusters }
}

/**
 * The first k distinct services of [rootCause.service, ...candidates].
 * @example topK({ service: 'a', candidates: ['a', 'b', 'c', 'd'], confidence: 1, method: null }, 3) // ['a','b','c']
 */
export function topK(rc: AnswerRootCause | null, k: number): string[] {
  if (rc === null) return []
  const out: string[] = []
  for (const s of [rc.service, ...rc.candidates]) {
    if (out.length >= k) break
    if (!out.includes(s)) out.push(s)
  }
  return out
}
