/**
 * What stays the same across every batch of one topology in the real-system situations: the
 * estate's labels (one env, one region), its mesh or tracing pipeline (and so its edge-label
 * convention and how many calls it covers), and its chronic alerts: a few fingerprints that
 * flap whatever the fault, fixed per topology so an online baseline could learn them.
 */
import type { Severity } from '../scenario.ts'
import type { Metric } from './faults.ts'
import { fire, makeFingerprint, type Firing, type Fingerprint } from './fingerprint.ts'
import { MESH_STYLES, type MeshStyle } from './mesh.ts'
import type { Rng } from './prng.ts'
import type { Topology } from './topology.ts'

export interface TopologyProfile {
  common: Record<string, string>
  mesh: MeshStyle
  /** Chance that a call the fault slows down raises an edge alert (instrumented share of calls). */
  edgeCoverage: number
  /** Chronic fingerprints; their onset and values are redrawn per batch, their identity never. */
  chronic: Fingerprint[]
}

const CHRONIC_METRICS: readonly (readonly [Metric, number])[] = [
  ['cpu_util', 0.25],
  ['mem_util', 0.2],
  ['latency_p99_ms', 0.2],
  ['error_rate', 0.15],
  ['restarts', 0.1],
  ['disk_util', 0.1],
]

/**
 * Draw a topology's profile. Chronic services lean towards busy ones (many callers and
 * callees), the ones that run hot in real estates.
 * @example makeProfile(new Rng(1), topo).chronic.length // 1 to 3
 */
export function makeProfile(rng: Rng, topo: Topology): TopologyProfile {
  const common = { env: rng.pick(['prod', 'production', 'prod-eu']), region: rng.pick(['us-east-1', 'eu-central-1', 'ap-southeast-2', 'eu-west-2']) }
  // Four pipelines equally likely; span metrics come with dotted or Prometheus-sanitised names.
  const mesh = rng.weighted<MeshStyle>(MESH_STYLES.map((m) => [m, m.startsWith('spanmetrics') ? 0.5 : 1] as const))
  const edgeCoverage = rng.float(0.6, 1)
  const visible = [...topo.nodes.values()].filter((n) => !n.hidden && n.tier !== 'edge')
  const degree = (name: string) => (topo.callers.get(name)?.size ?? 0) + (topo.callees.get(name)?.size ?? 0)
  const chosen = new Set<string>()
  const count = Math.min(visible.length, topo.nodes.size >= 50 ? rng.int(2, 3) : 1)
  while (chosen.size < count) {
    const free = visible.filter((n) => !chosen.has(n.name))
    chosen.add(rng.weighted(free.map((n) => [n.name, 1 + degree(n.name)] as const)))
  }
  const chronic = [...chosen].map((name) => {
    const node = topo.nodes.get(name) ?? visible[0]
    if (node === undefined) throw new Error('topology without services')
    const severity = rng.weighted<Severity>([
      ['warning', 0.6],
      ['critical', 0.3],
      ['info', 0.1],
    ])
    return makeFingerprint(rng, {
      node,
      pod: rng.pick(node.pods),
      metric: rng.weighted(CHRONIC_METRICS),
      severity,
      intensity: rng.float(0.2, 0.7),
      onsetSec: 0,
      group: -1,
      hop: -1,
      common,
    })
  })
  return { common, mesh, edgeCoverage, chronic }
}

/**
 * One batch's firings of a chronic fingerprint: same identity, a fresh onset inside the
 * batch window and one to `maxRepeats` firings. Chronic alerts are noise in the truth.
 */
export function chronicFirings(rng: Rng, fp: Fingerprint, startSec: number, endSec: number, maxRepeats = 4): Firing[] {
  const onsetSec = rng.float(startSec - 120, Math.max(startSec, endSec - 30))
  return fire(rng, { ...fp, onsetSec, intervalSec: rng.float(30, 90) }, rng.int(1, maxRepeats))
}

/** Chronic services of a profile, in a stable order. */
export function chronicServices(p: TopologyProfile): string[] {
  return [...new Set(p.chronic.map((f) => f.service))]
}
