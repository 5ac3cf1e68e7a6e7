import { describe, expect, it } from 'bun:test'
import { ChronicBaseline } from '../../src/domain/chronic-baseline.ts'
import { chronicTriage } from '../../bench/eval/chronic-analyzer.ts'
import { triage } from '../../src/incident/triage.ts'
import { alert, shopSnapshot } from '../support/helpers.ts'

const snapshot = shopSnapshot()
const options = { gapSec: 120, maxHop: 2, method: 'explain' as const }
const HOUR_SEC = 3600
// search's cpu fires in every batch, whatever else happens; web is slow, on a different pod each time (a new fingerprint).
const batch = (hour: number) => {
  const t = hour * HOUR_SEC
  const labels = { pod: 'p0' }
  return [
    alert('search', 'cpu_util', t, { id: `s-${hour}-0`, value: 3, threshold: 1, labels }),
    alert('search', 'cpu_util', t + 30, { id: `s-${hour}-1`, value: 3, threshold: 1, labels }),
    alert('web', 'latency_p99_ms', t + 10, { id: `w-${hour}-0`, value: 3, threshold: 1, labels: { pod: `web-${hour}` } }),
    alert('web', 'latency_p99_ms', t + 40, { id: `w-${hour}-1`, value: 3, threshold: 1, labels: { pod: `web-${hour}` } }),
  ]
}

describe('chronicTriage', () => {
  it('answers a fresh process exactly as triage does, and learns only after ranking', () => {
    const answer = chronicTriage(new ChronicBaseline())
    const input = { alerts: batch(0), snapshot, options, method: 'graph-explain' }
    expect(answer(input).report).toEqual(triage(input).report)
  })

  it('counts an alert that fires in every batch less, and says so', () => {
    const answer = chronicTriage(new ChronicBaseline())
    const first = answer({ alerts: batch(0), snapshot, options, method: 'graph-explain' })
    for (let h = 1; h < 30; h++) answer({ alerts: batch(h), snapshot, options, method: 'graph-explain' })
    const later = answer({ alerts: batch(30), snapshot, options, method: 'graph-explain' })
    const searchScore = (r: typeof first) => r.report.root_cause.candidates.find((c) => c.service === 'search')?.score ?? 0
    expect(searchScore(later)).toBeLessThan(searchScore(first))
    expect(later.report.root_cause.evidence?.reasons).toContain('chronic alerts count less: cpu_util')
    expect(first.report.root_cause.evidence?.reasons.join(' ')).not.toContain('chronic')
  })
})
