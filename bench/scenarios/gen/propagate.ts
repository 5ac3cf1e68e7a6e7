/**
 * Fault propagation: a broken service makes its callers alert, hop by hop against the call
 * direction. Each caller of an affected service is infected with a probability that decays
 * with the hop count, after a random per-hop delay (10-90 s). A caller reached through
 * several callees takes the earliest onset. Pure given the Rng.
 */
import type { Rng } from './prng.ts'
import type { Topology } from './topology.ts'

export interface Affected {
  service: string
  /** 0 = root. */
  hop: number
  /** Seconds after the fault starts at the root. */
  onsetSec: number
  /** The callee it caught the fault from (null for the root). */
  via: string | null
}

export interface PropagationOptions {
  /** Probability that a direct caller of the root is affected. */
  p0: number
  /** Multiplier per further hop. */
  decay: number
  maxHops: number
  minDelaySec: number
  maxDelaySec: number
  /** Callers of the root forced to be affected at hop 1 (silent roots, stale callers). */
  forced: readonly string[]
}

export const PROPAGATION_DEFAULTS: PropagationOptions = {
  p0: 0.85,
  decay: 0.65,
  maxHops: 5,
  minDelaySec: 10,
  maxDelaySec: 90,
  forced: [],
}

/**
 * Spread a fault from `root` up through its callers.
 * @example propagate(rng, topo, 'ledger-pg', { p0: 0.9 }) // [{service:'ledger-pg',hop:0,...}, ...]
 */
export function propagate(rng: Rng, topo: Topology, root: string, options: Partial<PropagationOptions> = {}): Affected[] {
  const o = { ...PROPAGATION_DEFAULTS, ...options }
  const affected = new Map<string, Affected>([[root, { service: root, hop: 0, onsetSec: 0, via: null }]])
  let frontier: Affected[] = [affected.get(root) as Affected]
  for (let hop = 1; hop <= o.maxHops && frontier.length > 0; hop++) {
    const p = o.p0 * o.decay ** (hop - 1)
    const reached = new Map<string, Affected>()
    for (const callee of frontier) {
      for (const caller of topo.callers.get(callee.service) ?? []) {
        if (affected.has(caller)) continue
        const force = hop === 1 && o.forced.includes(caller)
        if (!force && !rng.chance(p)) continue
        const onsetSec = callee.onsetSec + rng.float(o.minDelaySec, o.maxDelaySec)
        const prev = reached.get(caller)
        if (prev === undefined || onsetSec < prev.onsetSec) reached.set(caller, { service: caller, hop, onsetSec, via: callee.service })
      }
    }
    for (const a of reached.values()) affected.set(a.service, a)
    frontier = [...reached.values()]
  }
  return [...affected.values()]
}
