import { describe, expect, it } from 'bun:test'
import { compareReports, pairAgreement, scoreAgainst } from '../../src/shadow/compare.ts'
import { cluster, report } from '../support/fixtures/shadow-batches.ts'

describe('pairAgreement', () => {
  const cases: Array<{ name: string; live: string[][]; candidate: string[][]; expected: number }> = [
    // the same grouping under other cluster order agrees on every pair
    { name: 'same grouping, other order', live: [['a', 'b'], ['c']], candidate: [['c'], ['b', 'a']], expected: 1 },
    // {a,b},{c} vs {a},{b,c}: a–b and b–c differ, only a–c agrees
    { name: 'one alert moved', live: [['a', 'b'], ['c']], candidate: [['a'], ['b', 'c']], expected: 1 / 3 },
    // all together vs all apart: every one of the 6 pairs differs
    { name: 'merged vs split', live: [['a', 'b', 'c', 'd']], candidate: [['a'], ['b'], ['c'], ['d']], expected: 0 },
    // an id only the candidate clustered is a singleton on the live side: a–x and b–x differ, a–b agrees
    { name: 'id missing on one side', live: [['a', 'b']], candidate: [['a', 'b', 'x']], expected: 1 / 3 },
    // fewer than two alerts: nothing to disagree on
    { name: 'one alert', live: [['a']], candidate: [['a']], expected: 1 },
  ]
  for (const c of cases) {
    it(`scores ${c.name} as ${c.expected.toFixed(3)}`, () => {
      const toReport = (groups: string[][]) => report(...groups.map((ids) => cluster(ids, ['svc'])))
      expect(pairAgreement(toReport(c.live), toReport(c.candidate))).toBeCloseTo(c.expected, 10)
    })
  }
})

describe('compareReports', () => {
  it('agrees on everything when both sides answer the same', () => {
    const r = report(cluster(['a', 'b'], ['db', 'api']))
    expect(compareReports(r, r)).toMatchObject({ rootAgrees: true, top3Agrees: true, clusterAgreement: 1 })
  })

  it("keeps top-3 agreement when the roots differ but each is in the other's top 3", () => {
    const c = compareReports(report(cluster(['a'], ['db', 'api'], 0.9)), report(cluster(['a'], ['api', 'db'], 0.6)))
    expect(c).toMatchObject({
      rootAgrees: false,
      top3Agrees: true,
      live: { root: 'db', confidence: 0.9, clusters: 1 },
      candidate: { root: 'api', confidence: 0.6 },
    })
  })

  it("loses top-3 agreement when one side's root is missing from the other's top 3", () => {
    const c = compareReports(report(cluster(['a'], ['db', 'x', 'y', 'z'])), report(cluster(['a'], ['z', 'db'])))
    expect(c.top3Agrees).toBe(false)
  })
})

describe('scoreAgainst', () => {
  const r = report(cluster(['a'], ['db', 'api', 'web', 'cdn']))
  it.each([
    ['db', 'top1'],
    ['web', 'top3'],
    ['cdn', 'miss'],
  ])('scores a true root of %s as %s', (truth, expected) => {
    expect(scoreAgainst(r, truth)).toBe(expected as 'top1')
  })
})
