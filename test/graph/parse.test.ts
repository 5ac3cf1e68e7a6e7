import { describe, expect, it } from 'bun:test'
import { InvalidDocumentError } from '../../src/domain/errors.ts'
import { graphFromText, historyFromText, loadGraph, loadHistory } from '../../src/graph/load.ts'
import { parseGraphDocument } from '../../src/graph/parse.ts'

const meta = { hash: 'h', fallbackVersion: 'v0' }

describe('parseGraphDocument', () => {
  it('reads the services.json format', () => {
    const g = parseGraphDocument(
      {
        version: 'g1',
        source: 'manual',
        services: [
          { name: 'a', tier: 'edge' },
          { name: 'b', tier: 'db' },
        ],
        edges: [{ from: 'a', to: 'b' }],
      },
      meta,
    )
    expect(g).toMatchObject({
      version: 'g1',
      source: 'manual',
      nodes: [
        { name: 'a', tier: 'edge' },
        { name: 'b', tier: 'db' },
      ],
      edges: [{ from: 'a', to: 'b' }],
    })
  })

  it('reads networkx node-link JSON', () => {
    const g = parseGraphDocument({ directed: true, nodes: [{ id: 'a' }, { id: 'b' }], links: [{ source: 'a', target: 'b' }] }, meta)
    expect(g.version).toBe('v0')
    expect(g.edges).toEqual([{ from: 'a', to: 'b' }])
  })

  const broken: Array<[string, unknown, string]> = [
    // name, document, part of the message
    ['an empty graph', { services: [], edges: [] }, 'no services'],
    ['a duplicate service', { services: [{ name: 'a' }, { name: 'a' }], edges: [] }, 'duplicate service "a"'],
    ['an edge to an unknown service', { services: [{ name: 'a' }], edges: [{ from: 'a', to: 'zz' }] }, 'unknown service "zz"'],
    ['a bad tier', { services: [{ name: 'a', tier: 'mainframe' }], edges: [] }, '/services/0/tier'],
    ['an undirected node-link graph', { directed: false, nodes: [{ id: 'a' }], links: [] }, 'directed'],
    ['neither format', { hello: 1 }, 'neither'],
    ['a JSON array', [], 'JSON object'],
  ]
  for (const [name, doc, msg] of broken) {
    it(`rejects ${name}`, () => {
      expect(() => parseGraphDocument(doc, meta)).toThrow(InvalidDocumentError)
      expect(() => parseGraphDocument(doc, meta)).toThrow(msg)
    })
  }
})

describe('graph and history loading', () => {
  it('names the file when its JSON is broken', () => {
    expect(() => graphFromText('{"services": [', '/etc/g.json')).toThrow('/etc/g.json: not valid JSON')
    expect(() => historyFromText('[{"id": 1}]', '/etc/h.json')).toThrow('/etc/h.json')
  })

  it('validates the embedded defaults like any file', async () => {
    const { graph, origin } = await loadGraph(undefined)
    expect(origin).toBe('embedded')
    expect(graph.nodes.length).toBeGreaterThanOrEqual(9)
    const { history } = await loadHistory(undefined)
    expect(history.length).toBeGreaterThanOrEqual(15)
  })

  it('names a missing file', async () => {
    await expect(loadGraph('/nope/graph.json')).rejects.toThrow('/nope/graph.json: file not found')
  })
})
