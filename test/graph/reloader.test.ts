import { afterEach, describe, expect, it } from 'bun:test'
import { Registry } from 'prom-client'
import { loadSnapshot } from '../../src/graph/load.ts'
import { GraphReloader } from '../../src/graph/reloader.ts'
import { GraphStore } from '../../src/graph/store.ts'
import { trackGraphMetrics } from '../../src/graph/graph-metrics.ts'
import { createLogger } from '../../src/logger.ts'
import { createMetrics, type Metrics } from '../../src/metrics.ts'
import { BROKEN_GRAPHS, historyDoc, servicesDoc, tempDataDir } from '../support/fixtures/graph-docs.ts'

type Dir = Awaited<ReturnType<typeof tempDataDir>>
const dirs: Dir[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => d.cleanup()))
})

/** Loads the temp files the way main.ts does, and wires a reloader with captured logs. */
async function setup(paths: { graph?: boolean; history?: boolean } = { graph: true, history: true }) {
  const dir = await tempDataDir()
  dirs.push(dir)
  const graphPath = paths.graph ? dir.graphPath : undefined
  const historyPath = paths.history ? dir.historyPath : undefined
  const store = new GraphStore(await loadSnapshot(graphPath, historyPath, new Date().toISOString()))
  const metrics = createMetrics(new Registry())
  trackGraphMetrics(store, metrics)
  const logs: Array<Record<string, unknown>> = []
  const logger = createLogger('debug', (line) => logs.push(JSON.parse(line)))
  const reloader = new GraphReloader({ store, metrics, logger, graphPath, historyPath })
  return { dir, store, metrics, logs, reloader }
}

const gauge = async (metrics: Metrics, name: 'graphLastReloadSuccessful' | 'graphNodes' | 'graphEdges' | 'graphLastReloadSuccessTimestamp') =>
  (await metrics[name].get()).values[0]?.value

describe('GraphReloader', () => {
  it('swaps in a changed graph file and updates the gauges', async () => {
    const { dir, store, metrics, reloader } = await setup()
    const before = store.current
    await dir.writeGraph(servicesDoc('g-2', ['search']))
    const r = await reloader.reload('test')
    expect(r).toMatchObject({ result: 'reloaded', changed: ['graph'], version: 'g-2' })
    expect(store.current?.graph.data.version).toBe('g-2')
    expect(store.previous).toBe(before!)
    expect(store.current?.history).toEqual(before!.history) // unchanged history is carried over
    expect(await gauge(metrics, 'graphLastReloadSuccessful')).toBe(1)
    expect(await gauge(metrics, 'graphNodes')).toBe(5)
    const info = (await metrics.graphInfo.get()).values
    expect(info).toHaveLength(1) // only the live version is 1
    expect(info[0]?.labels).toMatchObject({ version: 'g-2', source: dir.graphPath })
  })

  it('does nothing when the files hold what is already applied', async () => {
    const { store, reloader } = await setup()
    const gen = store.generation
    expect((await reloader.reload('test')).result).toBe('unchanged')
    expect(store.generation).toBe(gen)
  })

  for (const broken of BROKEN_GRAPHS) {
    it(`keeps the old version, logs and sets the metric to 0 on ${broken.name}`, async () => {
      const { dir, store, metrics, logs, reloader } = await setup()
      const before = store.current
      await dir.writeGraph(broken.text)
      const r = await reloader.reload('test')
      expect(r.result).toBe('failed')
      expect(r.result === 'failed' && r.error).toContain(broken.problem)
      expect(store.current).toBe(before!)
      expect(await gauge(metrics, 'graphLastReloadSuccessful')).toBe(0)
      const line = logs.find((l) => l.msg === 'graph reload failed; the previous version keeps serving')
      expect(String(line?.error)).toContain(dir.graphPath) // the log names the file
      expect(reloader.status()).toMatchObject({ last_result: 'failed' })
    })
  }

  it('recovers once the broken file is fixed', async () => {
    const { dir, store, metrics, reloader } = await setup()
    await dir.writeGraph('not json')
    await reloader.reload('test')
    await dir.writeGraph(servicesDoc('g-3'))
    expect((await reloader.reload('test')).result).toBe('reloaded')
    expect(store.current?.graph.data.version).toBe('g-3')
    expect(await gauge(metrics, 'graphLastReloadSuccessful')).toBe(1)
  })

  it('clears the failure when the file goes back to the content that is live', async () => {
    const { dir, store, metrics, reloader } = await setup()
    const gen = store.generation
    await dir.writeGraph('{')
    await reloader.reload('test')
    await dir.writeGraph(servicesDoc('g-1'))
    expect((await reloader.reload('test')).result).toBe('unchanged')
    expect(await gauge(metrics, 'graphLastReloadSuccessful')).toBe(1)
    expect(store.generation).toBe(gen)
  })

  it('applies nothing when the graph is good but the history is broken (all or nothing)', async () => {
    const { dir, store, reloader } = await setup()
    const before = store.current
    await dir.writeGraph(servicesDoc('g-2'))
    await dir.writeHistory([{ id: 'x' }])
    expect((await reloader.reload('test')).result).toBe('failed')
    expect(store.current).toBe(before!)
  })

  it('swaps in a changed history and keeps the graph', async () => {
    const { dir, store, reloader } = await setup()
    const graph = store.current!.graph
    await dir.writeHistory(historyDoc(' (edited)'))
    expect(await reloader.reload('test')).toMatchObject({ result: 'reloaded', changed: ['history'] })
    expect(store.current!.graph.data).toBe(graph.data)
    expect(store.current!.history[0]?.title).toEndWith('(edited)')
  })

  it('reports a missing file by path and keeps serving', async () => {
    const { dir, store, reloader } = await setup()
    await dir.cleanup()
    const r = await reloader.reload('test')
    expect(r.result === 'failed' && r.error).toContain(`${dir.graphPath}: file not found`)
    expect(store.current).toBeDefined()
  })

  it('says there is nothing to re-read with the embedded defaults', async () => {
    const { store, reloader } = await setup({})
    const gen = store.generation
    expect(await reloader.reload('test')).toMatchObject({ result: 'no_files', version: store.current!.graph.data.version })
    expect(store.generation).toBe(gen)
  })

  it('does not re-apply an unchanged file over a rollback', async () => {
    const { dir, store, reloader } = await setup()
    await dir.writeGraph(servicesDoc('g-2'))
    await reloader.reload('test')
    store.rollback()
    expect((await reloader.reload('test')).result).toBe('unchanged')
    expect(store.current?.graph.data.version).toBe('g-1')
  })

  it('runs concurrent reloads one at a time, each seeing the files as they are', async () => {
    const { dir, store, reloader } = await setup()
    await dir.writeGraph(servicesDoc('g-2'))
    const results = await Promise.all([reloader.reload('test'), reloader.reload('test'), reloader.reload('test')])
    expect(results.map((r) => r.result)).toEqual(['reloaded', 'unchanged', 'unchanged'])
    expect(store.generation).toBe(1)
  })

  it('re-reads on its timer until stopped', async () => {
    const { dir, store, reloader } = await setup()
    reloader.start(0.02)
    await dir.writeGraph(servicesDoc('g-timer'))
    for (let i = 0; i < 100 && store.current?.graph.data.version !== 'g-timer'; i++) await Bun.sleep(10)
    reloader.stop()
    expect(store.current?.graph.data.version).toBe('g-timer')
    await dir.writeGraph(servicesDoc('g-after-stop'))
    await Bun.sleep(80)
    expect(store.current?.graph.data.version).toBe('g-timer')
  })
})
