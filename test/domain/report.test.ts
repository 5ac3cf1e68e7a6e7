import { describe, expect, it } from 'bun:test'
import type { Cluster } from '../../src/domain/model.ts'
import { buildReport } from '../../src/domain/report.ts'

const cluster = (id: string, count: number, start: string): Cluster => ({
  cluster_id: id,
  alert_ids: [],
  services: [],
  alert_count: count,
  start_ts: start,
  end_ts: start,
  root_cause: { service: `root-${id}`, confidence: 0.5, candidates: [] },
})

describe('buildReport', () => {
  it('makes the largest cluster primary and lists clusters largest first', () => {
    const r = buildReport(
      [
        { cluster: cluster('small', 2, '2026-01-01T00:00:00Z'), similar: [], actions: ['a'] },
        { cluster: cluster('big', 9, '2026-01-01T00:05:00Z'), similar: [], actions: ['b'] },
      ],
      'graph-explain',
    )
    expect(r.clusters.map((c) => c.cluster_id)).toEqual(['big', 'small'])
    expect(r.root_cause).toMatchObject({ service: 'root-big', method: 'graph-explain' })
    expect(r.recommended_actions).toEqual(['b'])
  })

  it('answers "unknown" with confidence 0 when there is no cluster', () => {
    expect(buildReport([], 'graph-explain').root_cause).toEqual({ service: 'unknown', confidence: 0, method: 'graph-explain', candidates: [] })
  })
})
