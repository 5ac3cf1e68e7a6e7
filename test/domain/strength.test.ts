/**
 * strength.ts: how much a source says about its own service. The case here is
 * a firing with no usable value/threshold (what an Alertmanager alert carries):
 * its rule already judged the excess, so it must not read as "barely past".
 */
import { describe, expect, it } from 'bun:test'
import type { Alert } from '../../src/domain/model.ts'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { collapseSources } from '../../src/domain/sources.ts'
import { evidenceWeight } from '../../src/domain/strength.ts'

const alert = (value: number, threshold: number): Alert => ({
  id: 'a1',
  ts: '2026-06-08T03:14:02Z',
  service: 'checkout',
  metric: 'error_rate',
  severity: 'critical',
  value,
  threshold,
})
const weightOf = (a: Alert) => evidenceWeight(collapseSources(normalizeAlerts([a]))[0]!)

describe('evidenceWeight', () => {
  it('counts a firing without value and threshold in full for its severity, not like one barely over its threshold', () => {
    const unknown = weightOf(alert(0, 0))
    expect(unknown).toBeGreaterThan(2 * weightOf(alert(1.01, 1)))
    expect(unknown).toBeGreaterThan(weightOf(alert(1.3, 1)))
  })

  it('grades a firing with a threshold by how far past it went', () => {
    expect(weightOf(alert(1.05, 1))).toBeLessThan(weightOf(alert(1.6, 1)))
  })
})
