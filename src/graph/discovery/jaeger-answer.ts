/**
 * Jaeger's dependencies answer (`GET /api/dependencies?endTs=&lookback=`,
 * the query service's documented JSON `{"data":[{"parent","child","callCount"}]}`)
 * as call-edge rows. Jaeger gives a count over the lookback, so the rate is
 * callCount / lookback seconds: the same unit as the Prometheus presets.
 */
import { SourceFailure, type EdgeRow } from './observed.ts'

export const JAEGER_SOURCE = 'jaeger'

/** The dependencies request path for a window ending at `endMs`. */
export function jaegerPath(endMs: number, lookbackSec: number): string {
  return `/api/dependencies?endTs=${Math.floor(endMs)}&lookback=${lookbackSec * 1000}`
}

export function jaegerRows(body: unknown, lookbackSec: number): EdgeRow[] {
  const data = (body as { data?: unknown } | null)?.data
  if (!Array.isArray(data)) throw new SourceFailure('bad_answer', `${JAEGER_SOURCE}: answer has no "data" array`)
  return data.map((d: { parent?: unknown; child?: unknown; callCount?: unknown }) => ({
    from: typeof d?.parent === 'string' ? d.parent : undefined,
    to: typeof d?.child === 'string' ? d.child : undefined,
    rate: Number(d?.callCount) / lookbackSec,
  }))
}
