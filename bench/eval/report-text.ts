/**
 * Renders the evaluation results as the plain-text report `bench/eval/eval.ts` prints: an overall
 * block, a per-topology table, the trait breakdown and the confidence reliability table.
 * Pure string building over the figures computed in summary.ts / reliability.ts.
 */
import type { Reliability } from './reliability.ts'
import type { Figures, GroupFigures } from './summary.ts'
import { fmt, fmtMs, formatTable } from './table.ts'

export interface EvalResults {
  dir: string
  target: string
  method: string | null
  /** pipeline_config.rca_method values reported by GET /version, joined (null if unknown). */
  serverMethod: string | null
  overall: Figures
  perTopology: GroupFigures[]
  breakdown: GroupFigures[]
  reliability: Reliability
  /** root_cause.method values seen in 200 answers, with counts. */
  answerMethods: Record<string, number>
}

const GROUP_HEADERS = ['n', 'err', 'top1', 'top3', 'inc', 'i-top1', 'i-top3', 'ARI', 'P', 'R', 'F1', 'leak', 'c-p50', 'c-p99', 's-p50', 's-p99']

function groupRow(g: GroupFigures): string[] {
  const f = g.figures
  return [
    g.group,
    String(f.scenarios),
    String(f.errors),
    fmt(f.top1),
    fmt(f.top3),
    String(f.incidents),
    fmt(f.incidentTop1),
    fmt(f.incidentTop3),
    fmt(f.ari),
    fmt(f.pairPrecision),
    fmt(f.pairRecall),
    fmt(f.pairF1),
    fmt(f.noiseLeak),
    fmtMs(f.clientP50),
    fmtMs(f.clientP99),
    fmtMs(f.serverP50),
    fmtMs(f.serverP99),
  ]
}

function overallBlock(f: Figures): string {
  const kv: [string, string][] = [
    ['root cause top-1 / top-3', `${fmt(f.top1)} / ${fmt(f.top3)}   (${f.scenarios} scenarios)`],
    ['per-incident top-1 / top-3', `${fmt(f.incidentTop1)} / ${fmt(f.incidentTop3)}   (${f.incidents} incidents)`],
    ['clustering ARI (mean)', fmt(f.ari)],
    ['pair precision / recall / F1', `${fmt(f.pairPrecision)} / ${fmt(f.pairRecall)} / ${fmt(f.pairF1)}`],
    ['noise leak', `${fmt(f.noiseLeak)}   (of ${f.noiseAlerts} noise alerts)`],
    ['latency client p50 / p99 ms', `${fmtMs(f.clientP50)} / ${fmtMs(f.clientP99)}`],
    ['latency server p50 / p99 ms', `${fmtMs(f.serverP50)} / ${fmtMs(f.serverP99)}   (X-Response-Time-Ms)`],
    ['errors (non-200)', `${f.errors} of ${f.scenarios}`],
  ]
  const w = Math.max(...kv.map(([k]) => k.length))
  return kv.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n')
}

function reliabilityBlock(r: Reliability): string {
  const rows = r.buckets.map((b) => [b.label, String(b.count), fmt(b.meanConfidence), fmt(b.accuracy)])
  const table = formatTable(['confidence', 'incidents', 'mean conf', 'top-1 acc'], rows)
  return `${table}\nECE ${fmt(r.ece)}; incidents without a matched cluster/confidence: ${r.unscored}`
}

/** The whole report as one string (no trailing newline). */
export function renderReport(res: EvalResults): string {
  const methods = Object.entries(res.answerMethods)
    .map(([m, n]) => `${m} x${n}`)
    .join(', ')
  const sections = [
    `aiops-serve evaluation: ${res.dir}`,
    `target: ${res.target}`,
    `requested method: ${res.method ?? '(server default)'}; server rca_method: ${res.serverMethod ?? '-'}; answer methods: ${methods || '-'}`,
    '',
    'OVERALL',
    overallBlock(res.overall),
    '',
    'PER TOPOLOGY',
    formatTable(['topology', ...GROUP_HEADERS], res.perTopology.map(groupRow)),
    '',
    'BREAKDOWN',
    formatTable(['group', ...GROUP_HEADERS], res.breakdown.map(groupRow)),
    '',
    'RELIABILITY (per incident: matched cluster confidence vs top-1 correct)',
    reliabilityBlock(res.reliability),
    '',
    'columns: err = non-200 answers; i-top = per-incident; P/R/F1 = pairwise clustering; leak = noise glued into',
    'incidents; c-/s- = client-measured / server X-Response-Time-Ms latency in ms. Means are over scenarios.',
  ]
  return sections.join('\n')
}
