/**
 * Renders alert timestamps the ways real senders do: epoch seconds (integer or with
 * milliseconds), RFC 3339 in UTC with or without fractions, and occasionally RFC 3339 with a
 * non-UTC offset. A batch uses one style or mixes them per alert.
 */
import type { Rng } from './prng.ts'

export type TsStyle = 'epoch' | 'rfc3339' | 'mixed'

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/** RFC 3339 for epoch seconds, shifted into `offsetMin` minutes east of UTC. */
export function rfc3339(epochSec: number, offsetMin = 0, fraction = false): string {
  const d = new Date(Math.round((epochSec + offsetMin * 60) * 1000))
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const base = `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  const frac = fraction ? `.${pad(d.getUTCMilliseconds(), 3)}` : ''
  if (offsetMin === 0) return `${base}${frac}Z`
  const sign = offsetMin > 0 ? '+' : '-'
  const abs = Math.abs(offsetMin)
  return `${base}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

function epoch(rng: Rng, sec: number): number {
  // Most exporters send whole seconds; some send milliseconds as a fraction.
  return rng.chance(0.7) ? Math.round(sec) : Math.round(sec * 1000) / 1000
}

function string(rng: Rng, sec: number): string {
  const offset = rng.chance(0.05) ? rng.pick([120, 60, -300, 330]) : 0
  return rfc3339(rng.chance(0.7) ? Math.round(sec) : sec, offset, rng.chance(0.2))
}

/** Render one timestamp in the batch's style. */
export function renderTs(rng: Rng, style: TsStyle, epochSec: number): string | number {
  if (style === 'epoch') return epoch(rng, epochSec)
  if (style === 'rfc3339') return string(rng, epochSec)
  return rng.chance(0.5) ? epoch(rng, epochSec) : string(rng, epochSec)
}
