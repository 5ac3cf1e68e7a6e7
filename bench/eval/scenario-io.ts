/**
 * Reads an evaluation directory in the eval-public layout: `*.jsonl` scenario files plus
 * `topologies/<topology>.json` and `topologies/<topology>.history.json`. Groups scenarios by
 * topology so the runner can start one server per graph. Fails with a message naming the
 * file and line of the first malformed scenario.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Scenario } from '../scenarios/scenario.ts'

export interface TopologySet {
  topology: string
  graphPath: string
  historyPath: string
  scenarios: Scenario[]
}

function isScenario(v: unknown): v is Scenario {
  if (typeof v !== 'object' || v === null) return false
  const s = v as Record<string, unknown>
  const truth = s.truth as Record<string, unknown> | undefined
  return (
    typeof s.name === 'string' &&
    Array.isArray(s.alerts) &&
    typeof truth === 'object' &&
    truth !== null &&
    Array.isArray(truth.incidents) &&
    Array.isArray(truth.noise_alert_ids)
  )
}

/** Parse one .jsonl file; the topology defaults to the file's stem when a line lacks one. */
export function parseScenarioLines(text: string, file: string): Scenario[] {
  const stem = (file.split('/').pop() ?? file).replace(/\.jsonl$/, '')
  const out: Scenario[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    let v: unknown
    try {
      v = JSON.parse(line)
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`)
    }
    if (!isScenario(v)) throw new Error(`${file}:${i + 1}: not a scenario (needs name, alerts, truth.incidents, truth.noise_alert_ids)`)
    out.push({ ...v, topology: typeof v.topology === 'string' && v.topology !== '' ? v.topology : stem })
  })
  return out
}

/**
 * Load every scenario under `dir`, grouped by topology (sorted by name).
 * Throws if a topology's graph or history file is missing.
 */
export async function loadEvalDir(dir: string): Promise<TopologySet[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort()
  if (files.length === 0) throw new Error(`${dir}: no *.jsonl scenario files`)
  const byTopology = new Map<string, Scenario[]>()
  for (const f of files) {
    const path = join(dir, f)
    for (const s of parseScenarioLines(await Bun.file(path).text(), path)) {
      const list = byTopology.get(s.topology)
      if (list === undefined) byTopology.set(s.topology, [s])
      else list.push(s)
    }
  }
  const sets: TopologySet[] = []
  for (const topology of [...byTopology.keys()].sort()) {
    const graphPath = join(dir, 'topologies', `${topology}.json`)
    const historyPath = join(dir, 'topologies', `${topology}.history.json`)
    for (const p of [graphPath, historyPath]) {
      if (!(await Bun.file(p).exists())) throw new Error(`topology ${topology}: missing ${p}`)
    }
    sets.push({ topology, graphPath, historyPath, scenarios: byTopology.get(topology) ?? [] })
  }
  return sets
}
