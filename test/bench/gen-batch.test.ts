/**
 * Invariants of the scenario generator (bench/scenarios/gen/*): same seed, same output; the written
 * graph is a DAG of known services; the truth partitions the batch's alerts; sizes land in
 * their class. Runs in memory on small topologies.
 */
import { describe, expect, it } from 'bun:test'
import { generateScenario } from '../../bench/scenarios/gen/batch.ts'
import { generateHistory } from '../../bench/scenarios/gen/history.ts'
import { hashSeed, mulberry32, Rng } from '../../bench/scenarios/gen/prng.ts'
import { generateTopology, graphDocument } from '../../bench/scenarios/gen/topology.ts'

function scenarios(seed: number, size: number, count: number) {
  const topo = generateTopology(new Rng(hashSeed(seed, 't')), 'syn-test', size)
  return { topo, list: Array.from({ length: count }, (_, i) => generateScenario(new Rng(hashSeed(seed, i)), topo, `s${i}`)) }
}

function isDag(edges: readonly { from: string; to: string }[]): boolean {
  const out = new Map<string, string[]>()
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to])
  const state = new Map<string, 1 | 2>()
  const visit = (n: string): boolean => {
    if (state.get(n) === 1) return false
    if (state.get(n) === 2) return true
    state.set(n, 1)
    const ok = (out.get(n) ?? []).every(visit)
    state.set(n, 2)
    return ok
  }
  return [...out.keys()].every(visit)
}

describe('gen/prng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = mulberry32(7)
    const b = mulberry32(7)
    expect([a(), a(), a()]).toEqual([b(), b(), b()])
  })
})

describe('gen/topology', () => {
  it('writes an acyclic graph whose edges join written services', () => {
    const topo = generateTopology(new Rng(3), 'syn-dag', 120)
    const doc = graphDocument(topo, 3)
    const names = new Set(doc.services.map((s) => s.name))
    expect(doc.services.length).toBe(120)
    expect(doc.edges.every((e) => names.has(e.from) && names.has(e.to))).toBe(true)
    expect(isDag(doc.edges)).toBe(true)
    expect(doc.services.filter((s) => s.tier === 'edge').length).toBeGreaterThan(0)
  })
})

describe('gen/batch', () => {
  it('produces byte-identical scenarios for the same seed', () => {
    expect(JSON.stringify(scenarios(11, 40, 5).list)).toBe(JSON.stringify(scenarios(11, 40, 5).list))
  })

  it('partitions every alert into exactly one incident or the noise', () => {
    for (const s of scenarios(5, 60, 20).list) {
      const ids = s.alerts.map((a) => a.id)
      const labelled = [...s.truth.incidents.flatMap((i) => i.alert_ids), ...s.truth.noise_alert_ids]
      expect(new Set(ids).size).toBe(ids.length)
      expect([...labelled].sort()).toEqual([...ids].sort())
    }
  })

  it('names as primary root the root of the incident with the most alerts', () => {
    for (const s of scenarios(9, 30, 20).list) {
      const most = Math.max(...s.truth.incidents.map((i) => i.alert_ids.length))
      const primary = s.truth.incidents.find((i) => i.root === s.truth.primary_root)
      expect(primary?.alert_ids.length).toBe(most)
    }
  })

  it('gives silent roots no alerts of their own', () => {
    const all = scenarios(21, 50, 60).list
    const silent = all.flatMap((s) => s.truth.incidents.filter((i) => i.silent_root).map((i) => ({ s, i })))
    expect(silent.length).toBeGreaterThan(0)
    for (const { s, i } of silent) {
      const ids = new Set(i.alert_ids)
      expect(s.alerts.some((a) => ids.has(a.id) && a.service === i.root)).toBe(false)
    }
  })
})

describe('gen/history', () => {
  it('writes 20-40 past incidents, oldest first, rooted in the written graph', () => {
    const topo = generateTopology(new Rng(4), 'syn-h', 30)
    const hist = generateHistory(new Rng(5), topo, 1_767_571_200)
    const names = new Set(graphDocument(topo, 4).services.map((s) => s.name))
    expect(hist.length).toBeGreaterThanOrEqual(20)
    expect(hist.length).toBeLessThanOrEqual(40)
    expect(hist.every((h) => names.has(h.root_cause))).toBe(true)
    expect([...hist.map((h) => h.ts)].sort()).toEqual(hist.map((h) => h.ts))
  })
})
