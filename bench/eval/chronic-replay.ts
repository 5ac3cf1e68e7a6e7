/**
 * `bun bench/eval/chronic-replay.ts DIR... [--verbose]`: root-cause top-1 / top-3 of
 * an eval directory replayed in process, once without and once with the
 * chronic-alert baseline (bench/eval/chronic-analyzer.ts). The baseline is fed
 * like a live stream: one fresh baseline per topology (one server process per
 * graph, as `bun run eval` starts), batches in file order, each observed after
 * it is ranked; it never sees truth labels. Also prints top-1 / top-3 per
 * `meta.situation` when the scenarios carry one.
 */
import { ChronicBaseline } from '../../src/domain/chronic-baseline.ts'
import { graphFromText, historyFromText } from '../../src/graph/load.ts'
import { createSnapshot } from '../../src/graph/store.ts'
import { chronicTriage } from './chronic-analyzer.ts'
import { triage } from '../../src/incident/triage.ts'
import type { Alert } from '../../src/domain/model.ts'
import { loadEvalDir } from './scenario-io.ts'
import { readAnswer, scoreScenario } from './score.ts'

const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const rate = (hits: number, n: number) => (n === 0 ? '-' : (hits / n).toFixed(3))

for (const dir of args.filter((a) => !a.startsWith('--'))) {
  for (const withBaseline of [false, true]) {
    let n = 0
    let top1 = 0
    let top3 = 0
    const bySituation = new Map<string, [number, number, number]>()
    for (const set of await loadEvalDir(dir)) {
      const graph = graphFromText(await Bun.file(set.graphPath).text(), set.graphPath)
      const history = historyFromText(await Bun.file(set.historyPath).text(), set.historyPath)
      const snapshot = createSnapshot({
        graph,
        history: history.history,
        graphOrigin: set.graphPath,
        historyOrigin: set.historyPath,
        historyHash: history.hash,
        loadedAt: '',
      })
      const answer = withBaseline ? chronicTriage(new ChronicBaseline()) : triage
      for (const sc of set.scenarios) {
        const { report } = answer({ alerts: sc.alerts as Alert[], snapshot, options: { method: 'explain', gapSec: 120, maxHop: 2 }, method: 'replay' })
        const s = scoreScenario(sc, readAnswer(JSON.parse(JSON.stringify(report))))
        n++
        if (s.top1) top1++
        if (s.top3) top3++
        const situation = (sc.meta as { situation?: unknown } | undefined)?.situation
        const key = typeof situation === 'string' ? situation : '-'
        const row = bySituation.get(key) ?? [0, 0, 0]
        row[0]++
        if (s.top1) row[1]++
        if (s.top3) row[2]++
        bySituation.set(key, row)
        if (verbose && !s.top1)
          console.log(
            `  ${s.top3 ? 'top3' : 'miss'} ${sc.name} truth=${sc.truth.primary_root} got=${report.root_cause.service} ${JSON.stringify(report.root_cause.evidence?.reasons ?? [])}`,
          )
      }
    }
    console.log(`${dir}  ${withBaseline ? 'with   ' : 'without'} chronic baseline: top-1 ${rate(top1, n)}  top-3 ${rate(top3, n)}  (${n} scenarios)`)
    if (bySituation.size > 1)
      for (const [k, [c, a, b]] of [...bySituation].sort())
        console.log(`    ${k.padEnd(14)} ${String(c).padStart(4)}  top-1 ${rate(a, c)}  top-3 ${rate(b, c)}`)
  }
}
