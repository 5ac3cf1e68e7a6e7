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
