/**
 * How much a source says on its own. A real fault keeps firing, fires hard
 * (critical, far past its threshold); a transient blip fires once, barely over
 * its threshold. Strong sources seed incidents; weak ones join an incident
 * only where the call graph says they belong (correlate.ts), and count less
 * when ranking. With no repeats in a batch (a one-shot snapshot) severity and
 * excess still tell them apart, and weak sources still cluster among
 * themselves, so nothing is dropped, only kept from gluing incidents together.
 */
import type { Source } from './sources.ts'

/** Excess that makes a single firing significant: half again its threshold. */
export const STRONG_RATIO = 1.5

export function isStrong(s: Source): boolean {
  // An info-level alert barely past its threshold is a standing condition, however often it repeats.
  if (s.severity === 'info' && s.peakRatio < STRONG_RATIO) return false
  if (s.count >= 2) return true
  return s.severity === 'critical' && s.peakRatio >= STRONG_RATIO
}

/** Evidence weight in (0, 1]: 1 for a persistent or hard-firing source, less for a blip. */
export function sourceWeight(s: Source): number {
  if (isStrong(s)) return 1
  const sev = s.severity === 'critical' ? 0.5 : s.severity === 'warning' ? 0.35 : 0.2
  return Math.min(0.6, sev + 0.2 * Math.min(1, Math.max(0, s.peakRatio - 1)))
}

// How far past its threshold a source went, as a factor in [INTENSITY_FLOOR, 1]:
// FLOOR + ln(value / threshold), so a source barely over its threshold counts a
// quarter and one past ~2.1x (ln ≈ 0.75) counts in full. Thresholds are set
// near normal, so a barely-crossing source is often load, not a fault. A source
// that carried no value and threshold (an Alertmanager alert) counts in full: its
// rule already judged the excess, and reading "unknown" as "barely past" let a
// silent callee outrank the only service that alerted. Its severity still grades it.
const INTENSITY_FLOOR = 0.25

function intensity(s: Source): number {
  if (!s.excessKnown) return 1
  return Math.min(1, INTENSITY_FLOOR + Math.log(s.peakRatio))
}

/** What a source says about its service as evidence, in (0, 1]: strength times how far past its threshold it went. */
export function evidenceWeight(s: Source): number {
  return sourceWeight(s) * intensity(s)
}
