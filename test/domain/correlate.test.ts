import { describe, expect, it } from 'bun:test'
import { correlate } from '../../src/domain/correlate.ts'
import type { Alert } from '../../src/domain/model.ts'
import { alert, graphOf, normalized } from '../support/helpers.ts'

// a → b → c → d (a calls b ...), x → c, e isolated
const graph = graphOf(['a>b', 'b>c', 'c>d', 'x>c'], {}, ['e'])
const strong = (service: string, metric: string, t: number, extra: Partial<Alert> = {}) =>
  alert(service, metric, t, { severity: 'critical', value: 3, threshold: 1, ...extra })

const groupsOf = (alerts: Alert[], gapSec = 120, maxHop = 2) =>
  correlate(normalized(alerts), graph, { gapSec, maxHop })
    .map((g) =>
      g.alerts
        .map((a) => a.service)
        .sort()
        .join(','),
    )
    .sort()

describe('correlate', () => {
  const cases: Array<{ name: string; alerts: Alert[]; gapSec?: number; maxHop?: number; expected: string[] }> = [
    // adjacent services, close in time: one incident
    { name: 'links adjacent services within the gap', alerts: [strong('c', 'cpu_util', 0), strong('b', 'latency_p99_ms', 30)], expected: ['b,c'] },
    // same services, too far apart in time: two incidents
    {
      name: 'splits when onsets are further apart than the gap',
      alerts: [strong('c', 'cpu_util', 0), strong('b', 'latency_p99_ms', 200)],
      expected: ['b', 'c'],
    },
    // a smaller gap splits what the default joins
    { name: 'honours a smaller gap', alerts: [strong('c', 'cpu_util', 0), strong('b', 'latency_p99_ms', 30)], gapSec: 10, expected: ['b', 'c'] },
    // two hops along one call chain, with the middle quiet: linked at max_hop 2
    { name: 'links two hops up a call chain', alerts: [strong('d', 'cpu_util', 0), strong('b', 'latency_p99_ms', 40)], expected: ['b,d'] },
    // the same pair at max_hop 1 is two incidents
    { name: 'honours max_hop 1', alerts: [strong('d', 'cpu_util', 0), strong('b', 'latency_p99_ms', 40)], maxHop: 1, expected: ['b', 'd'] },
    // three hops: too far for one link
    { name: 'does not link three hops apart', alerts: [strong('d', 'cpu_util', 0), strong('a', 'latency_p99_ms', 40)], expected: ['a', 'd'] },
    // two callers of a quiet callee (a possible silent root) are linked
    { name: 'links callers that share a callee', alerts: [strong('b', 'latency_p99_ms', 0), strong('x', 'latency_p99_ms', 20)], expected: ['b,x'] },
    // a service outside the graph links only to itself
    { name: 'keeps a service missing from the graph apart', alerts: [strong('c', 'cpu_util', 0), strong('ghost', 'cpu_util', 5)], expected: ['c', 'ghost'] },
    // an isolated node relates to nothing
    { name: 'keeps an isolated service apart', alerts: [strong('c', 'cpu_util', 0), strong('e', 'cpu_util', 5)], expected: ['c', 'e'] },
    // a one-off, barely-over-threshold cpu blip on a callee is not glued to the incident
    {
      name: 'keeps a weak blip on a callee out',
      alerts: [strong('b', 'cpu_util', 0), strong('a', 'latency_p99_ms', 20), alert('c', 'cpu_util', 10, { severity: 'info', value: 1.1, threshold: 1 })],
      expected: ['a,b', 'c'],
    },
    // a repeated info-level alert barely over its threshold is a standing condition, not a root
    {
      name: 'keeps a repeated info-level blip on a callee out',
      alerts: [
        strong('b', 'cpu_util', 0),
        strong('a', 'latency_p99_ms', 20),
        ...[5, 40, 80].map((t) => alert('c', 'disk_util', t, { severity: 'info', value: 1.05, threshold: 1, labels: { pod: 'c-0' } })),
      ],
      expected: ['a,b', 'c,c,c'],
    },
    // clock skew: a caller's symptom may fire before its callee's resource alert, by more than a small gap
    {
      name: 'joins a caller symptom firing up to the skew before its callee, whatever the gap',
      alerts: [alert('b', 'latency_p99_ms', 0, { severity: 'warning', value: 1.1, threshold: 1 }), strong('c', 'cpu_util', 40)],
      gapSec: 10,
      expected: ['b,c'],
    },
    // ...but a weak symptom on a caller joins: faults climb to callers
    {
      name: 'lets a weak symptom on a caller join',
      alerts: [strong('c', 'cpu_util', 0), alert('b', 'latency_p99_ms', 30, { severity: 'warning', value: 1.1, threshold: 1 })],
      expected: ['b,c'],
    },
    // different environments never share an incident
    {
      name: 'splits alerts from different environments',
      alerts: [strong('c', 'cpu_util', 0, { labels: { env: 'prod' } }), strong('b', 'latency_p99_ms', 20, { labels: { env: 'staging' } })],
      expected: ['b', 'c'],
    },
  ]
  for (const c of cases) it(c.name, () => expect(groupsOf(c.alerts, c.gapSec, c.maxHop)).toEqual(c.expected))

  it('does not let repeated firings stretch one incident into the next', () => {
    // c keeps firing for 10 minutes; b starts 8 minutes after c's onset: a separate incident
    const flapping = [0, 100, 200, 300, 400, 500, 600].map((t) => strong('c', 'cpu_util', t, { labels: { pod: 'c-0' } }))
    const groups = groupsOf([...flapping, strong('b', 'latency_p99_ms', 480)])
    expect(groups).toEqual(['b', 'c,c,c,c,c,c,c'])
  })

  it('puts every alert in exactly one cluster', () => {
    const alerts = [
      strong('c', 'cpu_util', 0),
      strong('b', 'latency_p99_ms', 30),
      strong('a', 'error_rate', 50),
      strong('ghost', 'x', 1),
      strong('e', 'cpu_util', 900),
    ]
    const ids = correlate(normalized(alerts), graph).flatMap((g) => g.alerts.map((a) => a.id))
    expect(ids.sort()).toEqual(alerts.map((a) => a.id).sort())
  })

  it('joins a caller missing from the graph that shows symptoms during the incident', () => {
    const alerts = [
      strong('c', 'cpu_util', 0),
      strong('b', 'latency_p99_ms', 30),
      strong('new-caller', 'latency_p99_ms', 60),
      strong('new-caller', 'error_rate', 61),
    ]
    expect(groupsOf(alerts)).toEqual(['b,c,new-caller,new-caller'])
  })
})

describe('correlate on a hub', () => {
  // 40 callers of one db, and 60 isolated services: a db source relates to 40
  // services, a caller's to 40 (the db and its 39 peers). With few sources in a
  // gap window the window is scanned; with the isolated services' alerts in it
  // too the related services are looked up. Both must make the same links.
  const callers = Array.from({ length: 40 }, (_, i) => `c${i}`)
  const isolated = Array.from({ length: 60 }, (_, i) => `i${i}`)
  const hub = graphOf(
    callers.map((c) => `${c}>db`),
    {},
    isolated,
  )
  const incident = [
    strong('db', 'cpu_util', 100),
    strong('c1', 'latency_p99_ms', 130),
    // after the db, within the gap: its caller
    strong('c2', 'latency_p99_ms', 200),
    // before the db by more than the skew: not caused by it; too early for c1's window
    strong('c3', 'latency_p99_ms', 0),
  ]
  const groups = (alerts: Alert[]) =>
    correlate(normalized(alerts), hub)
      .map((g) =>
        g.alerts
          .map((a) => a.service)
          .sort()
          .join(','),
      )
      .filter((g) => !g.startsWith('i'))
      .sort()

  it('links a db to the callers alerting after it within the gap, with few sources in the window', () => {
    expect(groups(incident)).toEqual(['c1,c2,db', 'c3'])
  })

  it('links the same way when the window holds more sources than the services it relates to', () => {
    const crowd = isolated.map((s, i) => strong(s, 'cpu_util', i * 2))
    expect(groups([...incident, ...crowd])).toEqual(['c1,c2,db', 'c3'])
    expect(correlate(normalized([...incident, ...crowd]), hub)).toHaveLength(2 + isolated.length)
  })
})
