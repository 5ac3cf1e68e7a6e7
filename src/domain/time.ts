/**
 * Alert timestamps: RFC 3339 strings or epoch seconds (integer or fractional),
 * mixed freely in one batch. Everything downstream works in epoch milliseconds.
 */

// RFC 3339 date-time: date, 'T' or space, time, optional fraction, Z or offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

// Epoch seconds accepted: 1970 .. 2200. Anything outside is a unit mistake
// (milliseconds sent as seconds) or garbage, and is rejected rather than guessed.
const MAX_EPOCH_SEC = 7_258_118_400

/**
 * Parse an alert timestamp to epoch milliseconds, or `null` when it is not one.
 * @example parseTs('2026-06-08T03:14:22Z') // 1780888462000
 * @example parseTs(1780888462.5)           // 1780888462500
 */
export function parseTs(ts: string | number): number | null {
  if (typeof ts === 'number') {
    return Number.isFinite(ts) && ts >= 0 && ts <= MAX_EPOCH_SEC ? Math.round(ts * 1000) : null
  }
  if (!RFC3339.test(ts)) return null
  const ms = Date.parse(ts)
  return Number.isFinite(ms) ? ms : null
}

/** Epoch milliseconds to an RFC 3339 UTC string, second precision when exact. */
export function formatTs(ms: number): string {
  const iso = new Date(ms).toISOString()
  return ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso
}
