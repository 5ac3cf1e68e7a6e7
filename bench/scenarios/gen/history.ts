/**
 * Past incidents for a topology, in the contract history format. A few services are "repeat
 * offenders" (a skewed draw), as in real postmortem archives, so similarity search has
 * something to find. Services and metrics come from the same fault catalogue and propagation
 * model as the scenarios, restricted to what the written graph knows.
 */
import type { HistoryIncident } from '../scenario.ts'
import { callerMetricsFor, fillTemplate, pickFault, rootMetricsFor } from './faults.ts'
import type { Rng } from './prng.ts'
import { propagate } from './propagate.ts'
import type { Topology } from './topology.ts'
import { rfc3339 } from './time-format.ts'

const DAY = 86_400

/**
 * 20-40 past incidents ending before `beforeEpochSec`, oldest first.
 * @example generateHistory(rng, topo, 1767571200).length // between 20 and 40
 */
export function generateHistory(rng: Rng, topo: Topology, beforeEpochSec: number): HistoryIncident[] {
  const visible = [...topo.nodes.values()].filter((n) => !n.hidden)
  // Zipf-like: the first services in this shuffled order are hit far more often.
  const ranked = rng.shuffle([...visible])
  const weights = ranked.map((n, i) => [n, 1 / (i + 1) ** 1.1] as const)
  const count = rng.int(20, 40)
  const times = Array.from({ length: count }, () => beforeEpochSec - rng.int(2, 365) * DAY - rng.int(0, DAY - 1)).sort((a, b) => a - b)
  const used = new Set<string>()
  return times.map((ts) => {
    const root = rng.weighted(weights)
    const fault = pickFault(rng, root.tier)
    const spread = propagate(rng, topo, root.name, { p0: 0.7, decay: 0.5, maxHops: 3 })
    const services = spread
      .filter((a) => topo.nodes.get(a.service)?.hidden !== true)
      .map((a) => a.service)
      .slice(0, 6)
    const metrics = new Set<string>(rootMetricsFor(rng, fault))
    for (const a of spread.slice(1, 4)) for (const m of callerMetricsFor(rng, fault, a.hop)) metrics.add(m)
    const date = rfc3339(ts).slice(0, 10).replaceAll('-', '')
    let id = `INC-${date.slice(0, 4)}-${date.slice(4)}`
    for (let n = 2; used.has(id); n++) id = `INC-${date.slice(0, 4)}-${date.slice(4)}-${n}`
    used.add(id)
    const actions = rng.sample(fault.actions, rng.int(2, fault.actions.length)).map((a) => fillTemplate(a, root.name))
    return {
      id,
      // Postmortems record the minute, not the second.
      ts: rfc3339(Math.floor(ts / 60) * 60),
      title: fillTemplate(fault.title, root.name),
      root_cause: root.name,
      services,
      metrics: [...metrics],
      actions,
      resolution: fillTemplate(fault.resolution, root.name),
    }
  })
}
