/**
 * Invariants of the large-input generator (bench/scenarios/gen-large.ts): same seed,
 * same output; graphs of the asked size that pass the contract's validation;
 * batches of the asked length on known services; and the whole pipeline
 * answering a 1000-alert batch on a 5000-service graph.
 */
import { describe, expect, it } from 'bun:test'
import { alertBatch, largeGraph, largeHistory } from '../../bench/scenarios/gen-large.ts'
import type { Alert } from '../../src/domain/model.ts'
import { graphFromText, historyFromText } from '../../src/graph/load.ts'
import { createSnapshot } from '../../src/graph/store.ts'
import { triage } from '../../src/incident/triage.ts'

describe('bench/gen-large', () => {
  it('gives the same graph, batch and history for the same seed', () => {
    const g = largeGraph(300, 7)
    expect(largeGraph(300, 7)).toEqual(g)
    expect(alertBatch(g, 1, { alerts: 200 })).toEqual(alertBatch(g, 1, { alerts: 200 }))
    expect(largeHistory(g, 2, 20)).toEqual(largeHistory(g, 2, 20))
    expect(largeGraph(300, 8)).not.toEqual(g)
  })

  for (const n of [10, 100, 5000]) {
    it(`builds a valid ${n}-service graph with every service reachable from a caller`, () => {
      const doc = largeGraph(n, 1)
      const g = graphFromText(JSON.stringify(doc), 'gen')
      expect(g.nodes).toHaveLength(n)
      const called = new Set(g.edges.map((e) => e.to))
      for (const s of doc.services) if (s.tier !== 'edge') expect(called.has(s.name)).toBe(true)
    })
  }

  it('builds a batch of the asked length on services of the graph, mixing timestamp styles', () => {
    const doc = largeGraph(1000, 3)
    const names = new Set(doc.services.map((s) => s.name))
    const batch = alertBatch(doc, 4, { alerts: 1000 })
    expect(batch).toHaveLength(1000)
    expect(new Set(batch.map((a) => a.id)).size).toBe(1000)
    expect(batch.every((a) => names.has(a.service))).toBe(true)
    expect(batch.some((a) => typeof a.ts === 'string') && batch.some((a) => typeof a.ts === 'number')).toBe(true)
  })

  it('builds a history that passes the contract validation', () => {
    expect(historyFromText(JSON.stringify(largeHistory(largeGraph(100, 1), 2, 50)), 'gen').history).toHaveLength(50)
  })

  it('feeds the pipeline: 1000 alerts on 5000 services give clusters with roots', async () => {
    const doc = largeGraph(5000, 42)
    const { history, hash } = historyFromText(JSON.stringify(largeHistory(doc, 43, 100)), 'gen')
    const snap = createSnapshot({
      graph: graphFromText(JSON.stringify(doc), 'gen'),
      history,
      graphOrigin: 'gen',
      historyOrigin: 'gen',
      historyHash: hash,
      loadedAt: '',
    })
    const { report } = triage({
      alerts: alertBatch(doc, 5, { alerts: 1000 }) as Alert[],
      snapshot: snap,
      options: { gapSec: 120, maxHop: 2, method: 'explain' },
      method: 'graph-explain',
    })
    expect(report.clusters.length).toBeGreaterThan(0)
    expect(report.clusters.reduce((n, c) => n + c.alert_count, 0)).toBe(1000)
    expect(report.root_cause.service).not.toBe('unknown')
  })
})
