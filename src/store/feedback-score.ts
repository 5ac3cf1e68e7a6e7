/**
 * Scores an operator's verdict against the answer that was given: the root
 * first (top1), among the first three distinct of root and candidates (top3),
 * or not at all (miss). The same top-k rule the offline evaluation uses.
 */
import type { IncidentFeedback } from './incident-record.ts'

export interface ScoredAnswer {
  service: string
  candidates: ReadonlyArray<{ service: string }>
}

/** The first k distinct services of [service, ...candidates]. */
export function topServices(rc: ScoredAnswer, k: number): string[] {
  const out: string[] = []
  for (const s of [rc.service, ...rc.candidates.map((c) => c.service)]) {
    if (out.length >= k) break
    if (!out.includes(s)) out.push(s)
  }
  return out
}

/** @example scoreFeedback({ service: 'db', candidates: [{ service: 'db' }, { service: 'api' }] }, 'api') // 'top3' */
export function scoreFeedback(answer: ScoredAnswer, trueRoot: string): IncidentFeedback['outcome'] {
  if (answer.service === trueRoot) return 'top1'
  return topServices(answer, 3).includes(trueRoot) ? 'top3' : 'miss'
}
