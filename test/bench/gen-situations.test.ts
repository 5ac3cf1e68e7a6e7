/**
 * The generator's named situations (bench/scenarios/gen/situations.ts) produce what they claim: a
 * silent root with no alert of its own and an edge alert naming it; a loud mid-tier root
 * with a silent callee below it; chronic fingerprints stable across a topology's batches;
 * small batches on big graphs. Also determinism per seed (in memory and through the CLI) and
 * the mix allocation. Runs in memory on generated topologies.
 */
import { afterAll, describe, expect, it } from 'bun:test'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { edgeLabels, edgeServer, MESH_STYLES } from '../../bench/scenarios/gen/mesh.ts'
import { makeProfile } from '../../bench/scenarios/gen/profile.ts'
import { hashSeed, Rng } from '../../bench/scenarios/gen/prng.ts'
import { generateSituationScenario, SMALL_BATCH_MAX } from '../../bench/scenarios/gen/situation-batch.ts'
import { allocate, DEFAULT_MIX, parseMix, SITUATIONS, type Situation } from '../../bench/scenarios/gen/situations.ts'
import { generateTopology, graphDocument, type Topology } from '../../bench/scenarios/gen/topology.ts'
import type { Scenario } from '../../bench/scenarios/scenario.ts'

const ROOT = resolve(import.meta.dir, '../..')

function world(seed: number, size: number) {
  const topo = generateTopology(new Rng(hashSeed(seed, 'topology')), `syn-${seed}`, size, { platform: true })
  const profile = makeProfile(new Rng(hashSeed(seed, 'profile')), topo)
  const make = (situation: Situation, count: number): Scenario[] =>
    Array.from({ length: count }, (_, i) => generateSituationScenario(new Rng(hashSeed(seed, situation, i)), topo, profile, situation, `s${i}`))
  return { topo, profile, make }
}

const callersOf = (topo: Topology, s: string) => topo.callers.get(s) ?? new Set<string>()

describe('gen/situations: what each situation claims', () => {
  const { topo, profile, make } = world(2028, 180)

  it('records its situation in meta.situation and partitions alerts into incident and noise', () => {
    for (const situation of SITUATIONS) {
      for (const s of make(situation, 6)) {
        expect(s.meta?.situation).toBe(situation)
        const labelled = [...s.truth.incidents.flatMap((i) => i.alert_ids), ...s.truth.noise_alert_ids].sort()
        expect(labelled).toEqual(s.alerts.map((a) => a.id).sort())
      }
    }
  })

  it('silent-edge: the root raises nothing and an edge alert from one of its callers names it', () => {
    for (const s of make('silent-edge', 25)) {
      const root = s.truth.primary_root
      expect(s.truth.incidents[0]?.silent_root).toBe(true)
      expect(s.alerts.filter((a) => a.service === root)).toHaveLength(0)
      const naming = s.alerts.filter((a) => edgeServer(a.labels ?? {}) === root)
      expect(naming.length).toBeGreaterThanOrEqual(1)
      // The contract: an edge alert's service is the caller.
      for (const a of naming) expect(callersOf(topo, root).has(a.service)).toBe(true)
    }
  })

  it('quiet-deps: a loud mid-tier root with at least one callee below it that raises nothing', () => {
    for (const s of make('quiet-deps', 25)) {
      const root = s.truth.primary_root
      const alerting = new Set(s.alerts.map((a) => a.service))
      expect(topo.nodes.get(root)?.tier).toBe('service')
      expect(callersOf(topo, root).size).toBeGreaterThan(0)
      expect(s.alerts.filter((a) => a.service === root && a.severity === 'critical').length).toBeGreaterThan(0)
      const quiet = [...(topo.callees.get(root) ?? [])].filter((c) => topo.nodes.get(c)?.hidden === false && !alerting.has(c))
      expect(quiet.length).toBeGreaterThanOrEqual(1)
      expect(s.meta?.situation_detail?.quiet_callees).toEqual(expect.arrayContaining(quiet.slice(0, 1)))
    }
  })

  it('chronic: the same fingerprints fire across batches, near the root, as noise', () => {
    const identity = (a: Scenario['alerts'][number]) => JSON.stringify([a.service, a.metric, a.severity, a.threshold, a.labels])
    const chronicIds = new Set(profile.chronic.map((f) => JSON.stringify([f.service, f.metric, f.severity, f.threshold, f.labels])))
    for (const s of make('chronic', 15)) {
      const chronic = s.alerts.filter((a) => chronicIds.has(identity(a)))
      expect(chronic.length).toBeGreaterThan(0)
      const noise = new Set(s.truth.noise_alert_ids)
      for (const a of chronic) expect(noise.has(a.id)).toBe(true)
      const near = s.meta?.situation_detail?.chronic_near_root as string
      const root = s.truth.primary_root
      const neighbours = (x: string) => new Set([...(topo.callers.get(x) ?? []), ...(topo.callees.get(x) ?? [])])
      const within2 = neighbours(near).has(root) || [...neighbours(near)].some((n) => neighbours(n).has(root))
      expect(within2).toBe(true)
    }
  })

  it('chronic services alert in over a third of all batches of a topology under the default mix', () => {
    const situations = allocate(new Rng(1), DEFAULT_MIX, 60)
    const batches = situations.map((sit, i) => generateSituationScenario(new Rng(hashSeed(7, i)), topo, profile, sit, `m${i}`))
    const most = Math.max(...profile.chronic.map((f) => batches.filter((b) => b.alerts.some((a) => a.service === f.service && a.metric === f.metric)).length))
    expect(most / batches.length).toBeGreaterThan(1 / 3)
  })

  it('alias: the root and its caller-side view (a leaf its callers call) both alert', () => {
    for (const s of make('alias', 15)) {
      const root = s.truth.primary_root
      const view = s.meta?.situation_detail?.alias_of_root as string
      expect(topo.nodes.get(view)?.aliasOf).toBe(root)
      expect(topo.callees.get(view)?.size).toBe(0)
      expect([...callersOf(topo, view)].every((c) => callersOf(topo, root).has(c))).toBe(true)
      expect(s.alerts.some((a) => a.service === root)).toBe(true)
      expect(s.alerts.some((a) => a.service === view)).toBe(true)
    }
  })

  it(`small-batch: at most ${SMALL_BATCH_MAX} alerts on a graph of at least 50 services`, () => {
    expect(graphDocument(topo, 1).services.length).toBeGreaterThanOrEqual(50)
    for (const s of make('small-batch', 30)) {
      expect(s.alerts.length).toBeLessThanOrEqual(SMALL_BATCH_MAX)
      expect(s.alerts.length).toBeGreaterThan(0)
    }
  })

  it('is deterministic per seed', () => {
    for (const situation of SITUATIONS) expect(JSON.stringify(make(situation, 3))).toBe(JSON.stringify(world(2028, 180).make(situation, 3)))
    expect(JSON.stringify(world(2029, 180).make('quiet-deps', 3))).not.toBe(JSON.stringify(make('quiet-deps', 3)))
  })
})

describe('gen/mesh', () => {
  it.each(MESH_STYLES.map((s) => [s]))('%s labels name both ends and the callee is recoverable', (style) => {
    const labels = edgeLabels(style, 'checkout-api', 'payments-db')
    expect(Object.values(labels)).toEqual(expect.arrayContaining(['checkout-api', 'payments-db']))
    expect(edgeServer(labels)).toBe('payments-db')
  })
})

describe('gen/topology: estates of 50-1000 services', () => {
  it('has platform hubs that a share of the services call (fan-in), and stays acyclic', () => {
    for (const size of [50, 400, 1000]) {
      const topo = generateTopology(new Rng(size), 'syn-hub', size, { platform: true })
      expect(graphDocument(topo, 1).services.length).toBe(size)
      // Every written edge points to a deeper layer, so no call path can come back.
      const layer = new Map([...topo.nodes.values()].map((n) => [n.name, n.layer]))
      for (const e of graphDocument(topo, 1).edges) expect((layer.get(e.to) ?? 0) > (layer.get(e.from) ?? 0)).toBe(true)
      const fanIn = Math.max(...[...topo.nodes.values()].filter((n) => n.tier === 'service').map((n) => callersOf(topo, n.name).size))
      expect(fanIn).toBeGreaterThanOrEqual(Math.max(3, Math.round(size * 0.03)))
    }
  })
})

describe('gen/situations: the mix', () => {
  it('allocates exactly per weights (largest remainder) and parses name=weight lists', () => {
    const counts = (list: Situation[]) => Object.fromEntries(SITUATIONS.map((s) => [s, list.filter((x) => x === s).length]))
    expect(counts(allocate(new Rng(1), parseMix('cascade=1,silent-edge=1'), 5))).toEqual({
      cascade: 3,
      'quiet-deps': 0,
      'silent-edge': 2,
      chronic: 0,
      'small-batch': 0,
      alias: 0,
    })
    expect(allocate(new Rng(1), DEFAULT_MIX, 15)).toHaveLength(15)
    expect([...parseMix('cascade')]).toEqual([['cascade', 1]])
    expect(() => parseMix('cascade=x')).toThrow('weight of cascade')
    expect(() => parseMix('bogus')).toThrow('unknown situation "bogus"')
    expect(() => parseMix('cascade=0')).toThrow('at least one')
  })
})

describe('bench/gen-scenarios CLI', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  async function run(...args: string[]): Promise<Map<string, string>> {
    const out = await mkdtemp(join(tmpdir(), 'gen-'))
    dirs.push(out)
    const proc = Bun.spawn(['bun', 'bench/scenarios/gen-scenarios.ts', '--out', out, ...args], { cwd: ROOT, stdout: 'ignore', stderr: 'pipe' })
    expect(await proc.exited).toBe(0)
    const files = new Map<string, string>()
    for (const f of (await readdir(out)).sort()) if (f.endsWith('.jsonl')) files.set(f, await Bun.file(join(out, f)).text())
    return files
  }

  it('writes the same bytes for the same seed, with a situation on every scenario', async () => {
    const args = ['--seed', '2028', '--topologies', '2', '--per-topology', '6', '--max-services', '300']
    const a = await run(...args)
    expect(await run(...args)).toEqual(a)
    const lines = [...a.values()].flatMap((t) => t.trim().split('\n')).map((l) => JSON.parse(l) as Scenario)
    expect(lines).toHaveLength(12)
    expect(lines.every((s) => SITUATIONS.includes(s.meta?.situation as Situation))).toBe(true)
  })

  it('keeps producing the original cascades alone with --mix cascade', async () => {
    const files = await run('--seed', '3', '--topologies', '1', '--per-topology', '4', '--max-services', '120', '--mix', 'cascade')
    const lines = [...files.values()].flatMap((t) => t.trim().split('\n')).map((l) => JSON.parse(l) as Scenario)
    expect(lines.map((s) => s.meta?.situation)).toEqual(['cascade', 'cascade', 'cascade', 'cascade'])
  })
})
