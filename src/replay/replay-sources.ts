/**
 * Where replayed batches come from: scenario files in the evaluation format
 * (grouped by topology, each with the topology's graph and history beside
 * the file when present), or the incidents operators confirmed or corrected
 * in the store (truth = the operator's root; grouped by the graph version
 * they were answered with).
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseScenarioLines } from '../../bench/eval/scenario-io.ts'
import type { Scenario } from '../../bench/scenarios/scenario.ts'
import type { StoredIncident } from '../store/incident-record.ts'

export interface ReplayGroup {
  topology: string
  /** Graph and history files for this group; undefined = the run's default. */
  graphPath?: string
  historyPath?: string
  scenarios: Scenario[]
}

/** Scenarios of every file, grouped by topology in name order. */
export async function groupsFromFiles(files: readonly string[]): Promise<ReplayGroup[]> {
  const groups = new Map<string, ReplayGroup>()
  for (const file of files) {
    const text = await Bun.file(file).text()
    for (const s of parseScenarioLines(text, file)) {
      let g = groups.get(s.topology)
      if (!g) {
        const graph = join(dirname(file), 'topologies', `${s.topology}.json`)
        const history = join(dirname(file), 'topologies', `${s.topology}.history.json`)
        g = {
          topology: s.topology,
          scenarios: [],
          ...(existsSync(graph) ? { graphPath: graph } : {}),
          ...(existsSync(history) ? { historyPath: history } : {}),
        }
        groups.set(s.topology, g)
      }
      g.scenarios.push(s)
    }
  }
  return [...groups.keys()].sort().map((k) => groups.get(k)!)
}

/** A confirmed incident as a scenario: its latest alerts, the operator's root as the truth. */
export function scenarioOf(incident: StoredIncident): Scenario | null {
  const fb = incident.feedback
  if (!fb) return null
  const primary = incident.report.clusters[0]
  return {
    name: incident.id,
    topology: incident.graph_version,
    alerts: incident.alerts as Scenario['alerts'],
    truth: {
      primary_root: fb.root_cause,
      incidents: [
        {
          root: fb.root_cause,
          alert_ids: primary?.alert_ids ?? incident.alerts.map((a) => a.id),
          fault: 'operator',
          silent_root: false,
          affected_services: incident.services,
        },
      ],
      noise_alert_ids: [],
    },
  }
}

/** Confirmed incidents grouped by the graph version they were answered with. */
export function groupsFromIncidents(incidents: readonly StoredIncident[]): ReplayGroup[] {
  const groups = new Map<string, ReplayGroup>()
  for (const inc of incidents) {
    const s = scenarioOf(inc)
    if (!s) continue
    const g = groups.get(s.topology) ?? { topology: s.topology, scenarios: [] }
    g.scenarios.push(s)
    groups.set(s.topology, g)
  }
  return [...groups.keys()].sort().map((k) => groups.get(k)!)
}
