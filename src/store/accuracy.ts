/**
 * Live accuracy from operator feedback: n, top-1 and top-3 rates over the
 * last 7 and 30 days, overall and by answering method and graph version.
 * Pure: the rows and the time come in. top3 counts top-1 hits too (the root
 * is then also within the first three).
 */
import type { FeedbackRow } from './incident-store.ts'

export interface AccuracyFigures {
  n: number
  top1: number | null
  top3: number | null
}

export interface AccuracyWindow extends AccuracyFigures {
  by_method: Record<string, AccuracyFigures>
  by_graph_version: Record<string, AccuracyFigures>
}

const DAY_MS = 86_400_000
export const ACCURACY_WINDOWS_DAYS = [7, 30] as const

function figures(rows: readonly FeedbackRow[]): AccuracyFigures {
  const n = rows.length
  if (n === 0) return { n, top1: null, top3: null }
  const top1 = rows.filter((r) => r.outcome === 'top1').length
  const top3 = rows.filter((r) => r.outcome !== 'miss').length
  return { n, top1: Math.round((top1 / n) * 1000) / 1000, top3: Math.round((top3 / n) * 1000) / 1000 }
}

function by(rows: readonly FeedbackRow[], key: (r: FeedbackRow) => string): Record<string, AccuracyFigures> {
  const groups = new Map<string, FeedbackRow[]>()
  for (const r of rows) {
    const k = key(r)
    const list = groups.get(k)
    if (list) list.push(r)
    else groups.set(k, [r])
  }
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, figures(groups.get(k)!)]))
}

/** @example accuracy(rows, Date.now())['7d'].top3 */
export function accuracy(rows: readonly FeedbackRow[], nowMs: number): Record<string, AccuracyWindow> {
  const out: Record<string, AccuracyWindow> = {}
  for (const days of ACCURACY_WINDOWS_DAYS) {
    const inWindow = rows.filter((r) => r.atMs >= nowMs - days * DAY_MS)
    out[`${days}d`] = { ...figures(inWindow), by_method: by(inWindow, (r) => r.method), by_graph_version: by(inWindow, (r) => r.graph_version) }
  }
  return out
}
