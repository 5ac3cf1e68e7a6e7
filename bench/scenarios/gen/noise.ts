/**
 * Background noise: alerts unrelated to any incident. Mostly on graph services the incidents
 * did not touch (preferably not right next to them), partly on services that are not in the
 * graph at all (cron jobs, agents). Noise is dominated by slow resource drift (disk, memory,
 * cpu), fires one to three times, and is spread across the whole batch window.
 */
import type { Severity } from '../scenario.ts'
import type { Metric } from './faults.ts'
import { fire, makeFingerprint, type Firing } from './fingerprint.ts'
import { outsiderName, TEAMS } from './names.ts'
import type { Rng } from './prng.ts'
import { undirectedDistances, type Topology } from './topology.ts'

export interface NoiseOptions {
  count: number
  /** Fraction of noise fingerprints on services missing from the graph. */
  unknownFrac: number
  /** Services in any incident (true graph). */
  affected: ReadonlySet<string>
  spanStartSec: number
  spanEndSec: number
  common: Record<string, string>
}

const NOISE_METRICS: readonly (readonly [Metric, number])[] = [
  ['disk_util', 0.2],
  ['cpu_util', 0.2],
  ['mem_util', 0.2],
  ['restarts', 0.1],
  ['latency_p99_ms', 0.12],
  ['error_rate', 0.1],
  ['saturation', 0.05],
  ['conn_pool_used', 0.03],
]

const NOISE_SEVERITY: readonly (readonly [Severity, number])[] = [
  ['warning', 0.5],
  ['info', 0.35],
  ['critical', 0.15],
]

function noiseSources(topo: Topology, affected: ReadonlySet<string>) {
  const dist = undirectedDistances(topo, affected)
  const free = [...topo.nodes.values()].filter((n) => !n.hidden && !affected.has(n.name))
  // Distance >= 2 keeps most noise off the incident's immediate neighbours.
  const far = free.filter((n) => (dist.get(n.name) ?? Number.POSITIVE_INFINITY) >= 2)
  return { free, far }
}

/** Generate `count` noise firings (exactly). */
export function noiseFirings(rng: Rng, topo: Topology, o: NoiseOptions): Firing[] {
  const out: Firing[] = []
  if (o.count <= 0) return out
  const { free, far } = noiseSources(topo, o.affected)
  const outsiders = new Map<string, { name: string; team: string; pods: string[] }>()
  while (out.length < o.count) {
    let node: { name: string; team: string; pods: string[] }
    if (free.length === 0 || rng.chance(o.unknownFrac)) {
      const name = outsiderName(rng)
      const known = outsiders.get(name)
      node = known ?? { name, team: rng.pick(TEAMS), pods: [`${name}-${rng.hex(8)}-${rng.alnum(5)}`] }
      outsiders.set(name, node)
    } else {
      node = rng.chance(0.7) && far.length > 0 ? rng.pick(far) : rng.pick(free)
    }
    const fp = makeFingerprint(rng, {
      node,
      pod: rng.pick(node.pods),
      metric: rng.weighted(NOISE_METRICS),
      severity: rng.weighted(NOISE_SEVERITY),
      intensity: rng.float(0, 0.4),
      onsetSec: rng.float(o.spanStartSec - 120, o.spanEndSec + 60),
      group: -1,
      hop: -1,
      common: o.common,
    })
    out.push(...fire(rng, fp, Math.min(rng.int(1, 3), o.count - out.length)))
  }
  return out
}
