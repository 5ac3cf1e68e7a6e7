/**
 * The named situations the generator models, and how many of each a topology gets. Every
 * scenario records its situation in `meta.situation`, so the eval can break results down by
 * it. The mix is a flag (`--mix quiet-deps=2,silent-edge=1,...`); the default leans on what
 * real fault data shows ranking gets wrong, while keeping today's cascades the largest share.
 */
import type { Rng } from './prng.ts'

export const SITUATIONS = ['cascade', 'quiet-deps', 'silent-edge', 'chronic', 'small-batch', 'alias'] as const
export type Situation = (typeof SITUATIONS)[number]

/** What each situation claims (printed by --help and kept next to the names). */
export const SITUATION_HELP: Record<Situation, string> = {
  cascade: 'the original model: 1-3 incidents propagating upstream, noise, some silent roots, stale callers',
  'quiet-deps': 'a loud mid-tier root whose datastores and callees below stay silent (healthy dependencies)',
  'silent-edge': 'a root that raises nothing; its callers raise latency/errors and edge alerts naming it as the callee',
  chronic: 'an incident next to a service whose chronic alerts fire in many batches of the topology whatever the fault',
  'small-batch': 'one incident in at most 60 alerts on a large graph',
  alias: 'a root whose caller-side view (a load-balancer or remote-endpoint leaf in the graph) alerts as loudly as it does',
}

export type Mix = ReadonlyMap<Situation, number>

// Cascades stay the largest share so the generated set still checks the simulated behaviour
// the service was built on; the four situations the issue names share most of the rest, and
// the alias view (seen in one real system of two) gets a smaller share.
export const DEFAULT_MIX: Mix = new Map<Situation, number>([
  ['cascade', 0.3],
  ['quiet-deps', 0.15],
  ['silent-edge', 0.15],
  ['chronic', 0.15],
  ['small-batch', 0.15],
  ['alias', 0.1],
])

/**
 * Parse `name=weight,...` (a bare name counts as weight 1; `all` is the default mix).
 * @example parseMix('cascade') // Map { 'cascade' => 1 }
 */
export function parseMix(text: string): Mix {
  if (text.trim() === 'all') return DEFAULT_MIX
  const mix = new Map<Situation, number>()
  for (const part of text.split(',')) {
    const [rawName = '', rawWeight] = part.split('=')
    const name = rawName.trim()
    if (!(SITUATIONS as readonly string[]).includes(name)) throw new Error(`--mix: unknown situation "${name}" (known: ${SITUATIONS.join(', ')})`)
    const weight = rawWeight === undefined ? 1 : Number(rawWeight)
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`--mix: weight of ${name} must be a number >= 0, got ${rawWeight}`)
    mix.set(name as Situation, weight)
  }
  if ([...mix.values()].every((w) => w === 0)) throw new Error('--mix: at least one situation needs a weight above 0')
  return mix
}

/**
 * Exactly how many scenarios of each situation a topology of `count` scenarios gets
 * (largest remainder, so small sets still follow the mix), in a seeded random order.
 */
export function allocate(rng: Rng, mix: Mix, count: number): Situation[] {
  const entries = SITUATIONS.flatMap((s) => ((mix.get(s) ?? 0) > 0 ? [[s, mix.get(s) ?? 0] as const] : []))
  const total = entries.reduce((a, [, w]) => a + w, 0)
  const exact = entries.map(([s, w]) => ({ s, x: (count * w) / total }))
  const counts = new Map(exact.map(({ s, x }) => [s, Math.floor(x)]))
  let left = count - [...counts.values()].reduce((a, b) => a + b, 0)
  for (const { s } of [...exact].sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)))) {
    if (left-- <= 0) break
    counts.set(s, (counts.get(s) ?? 0) + 1)
  }
  return rng.shuffle(entries.flatMap(([s]) => Array.from({ length: counts.get(s) ?? 0 }, () => s)))
}
