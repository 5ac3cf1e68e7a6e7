/**
 * bench/eval/situation-breakdown.ts: the eval's per-situation section groups scored scenarios by
 * meta.situation, counts and scores each group, reads situations from an eval directory,
 * and prints nothing for data sets without situations.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bySituation, renderSituations, situationsOf } from '../../bench/eval/situation-breakdown.ts'
import { readAnswer, scoreScenario, type ScoredScenario } from '../../bench/eval/score.ts'
import type { RunRecord } from '../../bench/eval/summary.ts'

const scenario: ScoredScenario = {
  alerts: [{ id: 'a1' }],
  truth: {
    primary_root: 'db',
    incidents: [{ root: 'db', alert_ids: ['a1'], fault: 'cpu', silent_root: false, affected_services: ['db'] }],
    noise_alert_ids: [],
  },
}

function record(name: string, predicted: string): RunRecord {
  const answer = readAnswer({
    root_cause: { service: predicted, candidates: [{ service: predicted, score: 1 }] },
    clusters: [{ alert_ids: ['a1'], root_cause: { service: predicted, confidence: 0.9, candidates: [] } }],
  })
  return {
    name,
    topology: 't',
    sizeClass: 's',
    nAlerts: 1,
    nIncidents: 1,
    hasNoise: false,
    hasSilentRoot: false,
    status: 200,
    clientMs: 1,
    serverMs: 1,
    method: 'explain',
    error: null,
    score: scoreScenario(scenario, answer),
  }
}

describe('situation-breakdown', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('scores each situation on its own scenarios', () => {
    const situations = new Map([
      ['t\u0000a', 'quiet-deps'],
      ['t\u0000b', 'quiet-deps'],
      ['t\u0000c', 'silent-edge'],
    ])
    const groups = bySituation([record('a', 'db'), record('b', 'api'), record('c', 'db')], situations)
    expect(groups.map((g) => [g.group, g.figures.scenarios, g.figures.top1])).toEqual([
      ['quiet-deps', 2, 0.5],
      ['silent-edge', 1, 1],
    ])
    const text = renderSituations(groups)
    expect(text).toContain('BY SITUATION')
    expect(text).toMatch(/quiet-deps\s+2\s+0\.500/)
  })

  it('prints nothing when no scenario carries a situation', () => {
    expect(renderSituations(bySituation([record('a', 'db')], new Map()))).toBe('')
  })

  it('reads meta.situation from an eval directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sit-'))
    dirs.push(dir)
    const line = (name: string, situation?: string) =>
      JSON.stringify({
        name,
        topology: 't',
        alerts: [],
        truth: { primary_root: 'x', incidents: [], noise_alert_ids: [] },
        meta: situation === undefined ? { n_alerts: 0, n_incidents: 0 } : { n_alerts: 0, n_incidents: 0, situation },
      })
    await Bun.write(join(dir, 't.jsonl'), `${line('a', 'chronic')}\n${line('b')}\n`)
    await Bun.write(join(dir, 'topologies', 't.json'), '{}')
    await Bun.write(join(dir, 'topologies', 't.history.json'), '[]')
    expect([...(await situationsOf(dir))]).toEqual([['t\u0000a', 'chronic']])
  })
})
