/**
 * `bun bench/experiments/rank-study.ts DIR... [--misses] [--dump]`: root-cause top-1 / top-3 of
 * several rankers on the primary cluster of every scenario, in process, so ranking
 * ideas can be compared side by side on the same clusters (clustering does not depend
 * on the ranker). `--misses` prints, per scenario the default ranker misses, the
 * truth, the top-3 with scores and reasons, and where the other rankers put the truth;
 * `--dump` one line per scenario (name, top service, top-3 hit or miss) to diff two trees.
 * Calibration is the HTTP eval's (`bun run eval`); this prints only whether
 * disagreement with PageRank would be a confidence signal.
 */
import { summarizeCluster, type ClusterEvidence } from '../../src/domain/cluster-evidence.ts'
import { correlateSegment, type AlertGroup } from '../../src/domain/correlate.ts'
import type { Alert } from '../../src/domain/model.ts'
import { normalizeAlerts } from '../../src/domain/normalize.ts'
import { rankByExplanation, type ScoredCandidate } from '../../src/domain/rank-explain.ts'
import { rankByPageRank } from '../../src/domain/rank-pagerank.ts'
import { segmentsOf } from '../../src/domain/segments.ts'
import { createServiceGraph, type ServiceGraph } from '../../src/domain/service-graph.ts'
import { historyPrior } from '../../src/domain/similarity.ts'
import { graphFromText, historyFromText } from '../../src/graph/load.ts'
import { clusterId } from '../../src/incident/analyze.ts'
import { loadEvalDir } from '../eval/scenario-io.ts'

type Ranker = (ev: ClusterEvidence, graph: ServiceGraph, prior: (service: string) => number) => ScoredCandidate[]

const RANKERS: Record<string, Ranker> = {
  explain: (ev, g, p) => rankByExplanation(ev, g, p, { withReasons: 3 }),
  pagerank: (ev, g) => rankByPageRank(ev, g),
}

const args = process.argv.slice(2)
const misses = args.includes('--misses')
const dump = args.includes('--dump')
const rate = (hits: number, n: number) => (n === 0 ? '-' : (hits / n).toFixed(3))

/** The primary group (most alerts, ties to the earliest, then the smaller cluster id), as the report picks it. */
function primaryGroup(alerts: readonly Alert[], graph: ServiceGraph): AlertGroup | undefined {
  const normalized = normalizeAlerts(alerts)
  let best: AlertGroup | undefined
  let bestStart = Infinity
  for (const seg of segmentsOf(normalized, 120)) {
    for (const g of correlateSegment(seg, normalized, graph, { gapSec: 120, maxHop: 2 })) {
      const start = Math.min(...g.sources.map((s) => s.onsetMs))
      const tie =
        best &&
        g.alerts.length === best.alerts.length &&
        start === bestStart &&
        clusterId(g.sources.map((x) => x.fingerprint)) < clusterId(best.sources.map((x) => x.fingerprint))
      if (!best || g.alerts.length > best.alerts.length || (g.alerts.length === best.alerts.length && start < bestStart) || tie) {
        best = g
        bestStart = start
      }
    }
  }
  return best
}

const rankOf = (list: readonly ScoredCandidate[], s: string) => list.findIndex((c) => c.service === s)

for (const dir of args.filter((a) => !a.startsWith('--'))) {
  const names = Object.keys(RANKERS)
  const hits = new Map(names.map((n) => [n, [0, 0]]))
  let total = 0
  let views = 0
  /** Per scenario: default ranker's top-1 right, and whether PageRank's top agrees. */
  const calib: [boolean, boolean][] = []
  for (const set of await loadEvalDir(dir)) {
    const graph = createServiceGraph(graphFromText(await Bun.file(set.graphPath).text(), set.graphPath))
    const history = historyFromText(await Bun.file(set.historyPath).text(), set.historyPath).history
    for (const sc of set.scenarios) {
      total++
      const truth = sc.truth.primary_root
      const group = primaryGroup(sc.alerts as Alert[], graph)
      if (!group) continue
      const ev = summarizeCluster(group.sources, graph)
      const services = [...ev.byService.keys()].sort()
      const metrics = [...new Set(group.sources.map((s) => s.metric))].sort()
      const prior = historyPrior({ services, metrics }, history)
      const lists = new Map(names.map((n) => [n, RANKERS[n]!(ev, graph, prior)]))
      for (const n of names) {
        const r = rankOf(lists.get(n)!, truth)
        const h = hits.get(n)!
        if (r === 0) h[0]!++
        if (r >= 0 && r < 3) h[1]!++
      }
      const ex = lists.get('explain')!
      if (ex.some((c) => c.viewOf)) views++
      if (dump) console.log(`${sc.name} ${ex[0]?.service} ${rankOf(ex, truth) >= 0 && rankOf(ex, truth) < 3 ? 'top3' : 'miss'}`)
      const agree = lists.get('pagerank')![0]?.service === ex[0]?.service
      calib.push([ex[0]?.service === truth, agree])
      if (misses && ex[0]?.service !== truth) {
        const where = names.map((n) => `${n}=${rankOf(lists.get(n)!, truth) + 1}`).join(' ')
        const t = ev.byService.get(truth)
        const own = t ? `${t.metrics.join(',')} need=${t.need.toFixed(2)} alerts=${t.alerts}` : 'silent'
        console.log(`\n${sc.name}\n  truth ${truth} [${own}] edge=${ev.edgeIn.has(truth)} | ${where} | alerting ${ev.byService.size}`)
        const onset = (x: string) => {
          const e = ev.byService.get(x)
          return e ? `${Math.round((e.onsetMs - ev.startMs) / 1000)}s` : '-'
        }
        console.log(`  truth onset ${onset(truth)}`)
        for (const c of ex.slice(0, 3))
          console.log(`   ${c.service.padEnd(36)} ${c.score.toFixed(2)} p=${c.probability.toFixed(2)} onset ${onset(c.service)} ${c.reasons.join('; ')}`)
      }
    }
  }
  // Whether the rankers' disagreement would be a confidence signal: top-1 of the default ranker when its top differs from PageRank's.
  const dis = calib.filter((c) => !c[1])
  console.log(
    `  explain and pagerank disagree on ${dis.length}: explain top-1 there ${rate(dis.filter((c) => c[0]).length, dis.length)}, where they agree ${rate(calib.filter((c) => c[1] && c[0]).length, calib.length - dis.length)}`,
  )
  console.log(`  caller-side view renamed the root in ${views}`)
  console.log(`${dir} (${total})  ${names.map((n) => `${n} ${rate(hits.get(n)![0]!, total)}/${rate(hits.get(n)![1]!, total)}`).join('  ')}`)
}
