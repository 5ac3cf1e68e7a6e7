/**
 * The pure halves of discovery: which peer names are services, how each
 * preset's answer and Jaeger's become edges, edge retention, and content-
 * addressed versions.
 */
import { describe, expect, it } from 'bun:test'
import { composeGraph, remember } from '../../../src/graph/discovery/compose.ts'
import { jaegerRows } from '../../../src/graph/discovery/jaeger-answer.ts'
import { observedEdges, type SourceFailure } from '../../../src/graph/discovery/observed.ts'
import { isServiceName } from '../../../src/graph/discovery/peers.ts'
import { presetQuery, promRows } from '../../../src/graph/discovery/prometheus-query.ts'
import { parseGraphDocument } from '../../../src/graph/parse.ts'

describe('isServiceName', () => {
  const cases: Array<[string | undefined, boolean]> = [
    ['checkout', true],
    ['payment-db', true],
    ['orders.shop', true], // a dotted name is a name, not an address
    ['', false],
    ['  ', false],
    ['unknown', false],
    ['Unknown', false],
    [undefined, false],
    ['10.0.3.7', false],
    ['10.0.3.7:5432', false],
    ['redis:6379', false], // host:port is an address
    ['[::1]:8080', false],
    ['fe80::1', false],
  ]
  for (const [name, ok] of cases) it(`${JSON.stringify(name)} → ${ok}`, () => expect(isServiceName(name)).toBe(ok))
})

const vector = (rows: Array<[Record<string, string>, string]>) => ({
  status: 'success',
  data: { resultType: 'vector', result: rows.map(([metric, v]) => ({ metric, value: [1, v] })) },
})

describe('presetQuery and promRows', () => {
  it('asks each preset for its rate over the lookback window', () => {
    expect(presetQuery({ preset: 'servicegraph', lookbackSec: 600 }).query).toBe(
      'sum by (client, server, connection_type) (rate(traces_service_graph_request_total[600s]))',
    )
    expect(presetQuery({ preset: 'istio', lookbackSec: 60 }).query).toContain('istio_requests_total{reporter="source"}[60s]')
    expect(presetQuery({ preset: 'linkerd', lookbackSec: 60 }).query).toContain('response_total{direction="outbound"}[60s]')
    expect(presetQuery({ preset: 'istio', lookbackSec: 60, custom: 'x[$lookback] + y[$lookback]', labels: 'a, b' })).toEqual({
      source: 'prometheus:custom',
      query: 'x[60s] + y[60s]',
      caller: 'a',
      callee: 'b',
    })
  })

  it('reads servicegraph rows with the callee tier from connection_type, summing rows of one edge', () => {
    const q = presetQuery({ preset: 'servicegraph', lookbackSec: 60 })
    const rows = promRows(
      vector([
        [{ client: 'a', server: 'db', connection_type: 'database' }, '2'],
        [{ client: 'a', server: 'q', connection_type: 'messaging_system' }, '1'],
        [{ client: 'a', server: 'b' }, '0.5'],
        [{ client: 'a', server: 'b', connection_type: 'virtual_node' }, '0.25'],
      ]),
      q,
    )
    expect(observedEdges(rows, 'x')).toEqual([
      { from: 'a', to: 'db', rate: 2, calleeTier: 'db' },
      { from: 'a', to: 'q', rate: 1, calleeTier: 'queue' },
      { from: 'a', to: 'b', rate: 0.75 },
    ])
  })

  it('leaves out edges with no traffic in the window and self-calls', () => {
    const q = presetQuery({ preset: 'servicegraph', lookbackSec: 60 })
    expect(
      observedEdges(
        promRows(
          vector([
            [{ client: 'a', server: 'b' }, '0'],
            [{ client: 'a', server: 'a' }, '3'],
            [{ client: 'b', server: 'c' }, 'NaN'],
            [{ client: 'c', server: 'd' }, '1'],
          ]),
          q,
        ),
        'x',
      ),
    ).toEqual([{ from: 'c', to: 'd', rate: 1 }])
  })

  const bad: Array<[string, unknown, string]> = [
    ['null', null, 'not a JSON object'],
    ['an error answer', { status: 'error', errorType: 'bad_data', error: 'parse error' }, 'bad_data: parse error'],
    ['a matrix', { status: 'success', data: { resultType: 'matrix', result: [] } }, 'instant vector, got matrix'],
  ]
  for (const [name, body, message] of bad) {
    it(`calls ${name} a bad answer`, () => {
      const q = presetQuery({ preset: 'istio', lookbackSec: 60 })
      expect(() => promRows(body, q)).toThrow(message)
      try {
        promRows(body, q)
      } catch (e) {
        expect((e as SourceFailure).reason).toBe('bad_answer')
      }
    })
  }

  it('calls an answer with no service edges empty', () => {
    expect(() => observedEdges([{ from: 'unknown', to: 'a', rate: 1 }], 'jaeger')).toThrow('no call edges between services in the answer (1 rows)')
  })
})

describe('jaegerRows', () => {
  it('turns call counts over the lookback into calls per second', () => {
    expect(
      jaegerRows(
        {
          data: [
            { parent: 'a', child: 'b', callCount: 120 },
            { parent: 3, child: 'c', callCount: 1 },
          ],
        },
        60,
      ),
    ).toEqual([
      { from: 'a', to: 'b', rate: 2 },
      { from: undefined, to: 'c', rate: 1 / 60 },
    ])
  })
})

describe('remember and composeGraph', () => {
  const e = (from: string, to: string, rate = 1) => ({ from, to, rate })

  it('keeps an edge not seen again until it is older than the retention', () => {
    let m = remember(new Map(), [e('a', 'b'), e('b', 'c')], 0, 100)
    m = remember(m, [e('a', 'b', 5)], 60_000, 100)
    expect([...m.values()].map((x) => [x.from, x.to, x.rate, x.lastSeenMs])).toEqual([
      ['a', 'b', 5, 60_000],
      ['b', 'c', 1, 0],
    ])
    m = remember(m, [e('a', 'b')], 100_001, 100)
    expect([...m.keys()]).toEqual(['a\u0000b'])
  })

  it('keeps no unseen edge with retention 0, even one seen in the same millisecond', () => {
    const m = remember(remember(new Map(), [e('a', 'b'), e('b', 'c')], 5, 0), [e('a', 'b')], 5, 0)
    expect([...m.keys()]).toEqual(['a\u0000b'])
  })

  it('names a graph by its source and content, whatever the order or the rates', () => {
    const g1 = composeGraph({ memory: remember(new Map(), [e('a', 'b', 1), e('b', 'c', 2)], 0, 0), source: 'prometheus:istio' })
    const g2 = composeGraph({ memory: remember(new Map(), [e('b', 'c', 9), e('a', 'b', 7)], 5, 0), source: 'prometheus:istio' })
    expect(g1.version).toMatch(/^prometheus-istio-[0-9a-f]{12}$/)
    expect(g2.version).toBe(g1.version)
    expect(g2.hash).toBe(g1.hash)
    const g3 = composeGraph({ memory: remember(new Map(), [e('a', 'b'), e('b', 'd')], 0, 0), source: 'prometheus:istio' })
    expect(g3.version).not.toBe(g1.version)
  })

  it('gives the overlay the last word on tiers and adds its nodes and edges', () => {
    const overlay = parseGraphDocument(
      { services: [{ name: 'b', tier: 'cache' }, { name: 'x' }, { name: 'y', tier: 'db' }], edges: [{ from: 'x', to: 'y' }] },
      { hash: 'h', fallbackVersion: 'o' },
    )
    const g = composeGraph({ memory: remember(new Map(), [{ from: 'a', to: 'b', rate: 1, calleeTier: 'db' }], 0, 0), overlay, source: 'jaeger' })
    expect(g.nodes).toEqual([
      { name: 'a', tier: 'service' },
      { name: 'b', tier: 'cache' },
      { name: 'x', tier: 'service' },
      { name: 'y', tier: 'db' },
    ])
    expect(g.edges).toEqual([
      { from: 'a', to: 'b', weight: 1 },
      { from: 'x', to: 'y' },
    ])
  })
})
