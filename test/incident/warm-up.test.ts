import { describe, expect, it } from 'bun:test'
import { Value } from '@sinclair/typebox/value'
import { IncidentRequest } from '../../src/domain/model.ts'
import { triage } from '../../src/incident/triage.ts'
import { warmUp, warmUpBatch } from '../../src/incident/warm-up.ts'
import { graphData, graphOf, testSnapshot } from '../support/helpers.ts'

const options = { gapSec: 120, maxHop: 2, method: 'explain' as const }

describe('warm-up', () => {
  it('builds a valid cascade from the live graph: a callee with resource alerts under its caller', async () => {
    const alerts = warmUpBatch(graphOf(['web>api', 'api>db']))
    expect(Value.Check(IncidentRequest, { alerts })).toBe(true)
    const snap = testSnapshot(graphData(['web>api', 'api>db']))
    const { report } = triage({ alerts, snapshot: snap, options, method: 'warm-up' })
    expect(report.root_cause.service).toBe('api')
  })

  it('copes with a graph of one service and no edges', async () => {
    const snap = testSnapshot(graphData([], {}, ['lonely']), [])
    await warmUp(snap, options, 3)
    expect(warmUpBatch(snap.graph).every((a) => a.service === 'lonely' || a.service === 'warm-up-unknown')).toBe(true)
  })
})
