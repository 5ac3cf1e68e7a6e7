/**
 * The eval report's breakdown by situation: generated scenarios name the situation they
 * model in `meta.situation` (bench/gen/situations.ts), and this section shows, per situation,
 * how many scenarios there were and how often the root cause was right, so a ranking change
 * that helps one situation and hurts another shows as such. Prints nothing for data sets
 * without situations.
 */
import { loadEvalDir } from './scenario-io.ts'
import { figures, type GroupFigures, type RunRecord } from './summary.ts'
import { fmt, formatTable } from './table.ts'

const key = (topology: string, name: string) => `${topology}\u0000${name}`

/** Situation of every scenario under `dir` that records one, keyed by topology and name. */
export async function situationsOf(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const set of await loadEvalDir(dir)) {
    for (const s of set.scenarios) {
      const situation = s.meta?.situation
      if (typeof situation === 'string' && situation !== '') out.set(key(set.topology, s.name), situation)
    }
  }
  return out
}

/**
 * Figures per situation, in name order; empty when no record has a situation. Records
 * without one (a mixed directory) are grouped as "(none)".
 * @example bySituation(records, new Map([['t\u0000s1', 'cascade']]))
 */
export function bySituation(records: readonly RunRecord[], situations: ReadonlyMap<string, string>): GroupFigures[] {
  if (situations.size === 0) return []
  const groups = new Map<string, RunRecord[]>()
  for (const r of records) {
    const s = situations.get(key(r.topology, r.name)) ?? '(none)'
    groups.set(s, [...(groups.get(s) ?? []), r])
  }
  return [...groups.keys()].sort().map((group) => ({ group, figures: figures(groups.get(group) ?? []) }))
}

/** The section as text ('' when there is nothing to show). */
export function renderSituations(groups: readonly GroupFigures[]): string {
  if (groups.length === 0) return ''
  const rows = groups.map(({ group, figures: f }) => [group, String(f.scenarios), fmt(f.top1), fmt(f.top3), fmt(f.incidentTop1), fmt(f.ari), fmt(f.noiseLeak)])
  return ['BY SITUATION (meta.situation)', formatTable(['situation', 'n', 'top1', 'top3', 'i-top1', 'ARI', 'leak'], rows)].join('\n')
}

/** Load the situations of `dir` and render the section for `records` ('' when none). */
export async function situationSection(dir: string, records: readonly RunRecord[]): Promise<string> {
  return renderSituations(bySituation(records, await situationsOf(dir)))
}
