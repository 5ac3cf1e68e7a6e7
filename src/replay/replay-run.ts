/**
 * Runs replayed batches through the function the server answers with
 * (incident/answer.ts; no LLM) and scores every answer with the
 * evaluation's own scorer and aggregation, so a replay of the evaluation
 * files gives the figures `bun run eval` gives.
 */
import { readAnswer, scoreScenario } from '../../bench/eval/score.ts'
import { byTopology, figures, runRecord, type Figures, type RunRecord } from '../../bench/eval/summary.ts'
import { loadSnapshot } from '../graph/load.ts'
import { answerAlerts } from '../incident/answer.ts'
import type { TriageOptions } from '../settings.ts'
import type { ReplayGroup } from './replay-sources.ts'

export interface ReplaySettings extends TriageOptions {
  /** Default graph/history files for groups without their own (undefined = embedded). */
  graphPath?: string
  historyPath?: string
  /** Forced on every group when given (--graph / --history). */
  forceGraph?: boolean
  forceHistory?: boolean
}

export interface ReplayTopology {
  topology: string
  graph: string
  history: string
  n: number
  top1: number
  top3: number
}

export interface ReplayResult {
  n: number
  top1: number
  top3: number
  settings: { gap_sec: number; max_hop: number; method: string }
  per_topology: ReplayTopology[]
  /** Every figure the evaluation reports, for --json consumers. */
  figures: Figures
}

// The method name the server reports when only the graph answers (LLM off), as in the evaluation.
const METHOD = 'graph-only-flag-off'

export async function runReplay(groups: readonly ReplayGroup[], settings: ReplaySettings): Promise<ReplayResult> {
  const options: TriageOptions = { gapSec: settings.gapSec, maxHop: settings.maxHop, method: settings.method }
  const records: RunRecord[] = []
  const sources = new Map<string, { graph: string; history: string }>()
  for (const g of groups) {
    const graphPath = settings.forceGraph ? settings.graphPath : (g.graphPath ?? settings.graphPath)
    const historyPath = settings.forceHistory ? settings.historyPath : (g.historyPath ?? settings.historyPath)
    const snapshot = await loadSnapshot(graphPath, historyPath, new Date(0).toISOString())
    sources.set(g.topology, { graph: snapshot.graphOrigin, history: snapshot.historyOrigin })
    for (const scenario of g.scenarios) {
      const started = performance.now()
      const { json } = await answerAlerts(scenario.alerts, { snapshot, options, method: METHOD, maxAlerts: Number.MAX_SAFE_INTEGER })
      const ms = performance.now() - started
      const answer = readAnswer(JSON.parse(json))
      const score = scoreScenario(scenario, answer)
      records.push(runRecord(scenario, g.topology, { status: 200, clientMs: ms, serverMs: ms, method: answer.rootCause?.method ?? null, error: null }, score))
    }
  }
  const all = figures(records)
  return {
    n: all.scenarios,
    top1: all.top1,
    top3: all.top3,
    settings: { gap_sec: settings.gapSec, max_hop: settings.maxHop, method: settings.method },
    per_topology: byTopology(records).map(({ group, figures: f }) => ({ topology: group, ...sources.get(group)!, n: f.scenarios, top1: f.top1, top3: f.top3 })),
    figures: all,
  }
}

const rate3 = (x: number) => (Number.isNaN(x) ? '   -  ' : `${x.toFixed(3).padStart(6)}`)

/** The plain-text report: totals, then one row per topology. */
export function renderReplay(r: ReplayResult): string {
  const width = Math.max(8, ...r.per_topology.map((t) => t.topology.length))
  const lines = [
    `replay: gap_sec ${r.settings.gap_sec}, max_hop ${r.settings.max_hop}, method ${r.settings.method}`,
    `n ${r.n}   top-1 ${rate3(r.top1).trim()}   top-3 ${rate3(r.top3).trim()}`,
    '',
    `${'topology'.padEnd(width)}  ${'n'.padStart(5)}  top-1   top-3   graph`,
    ...r.per_topology.map((t) => `${t.topology.padEnd(width)}  ${String(t.n).padStart(5)}  ${rate3(t.top1)}  ${rate3(t.top3)}  ${t.graph}`),
  ]
  return lines.join('\n')
}
