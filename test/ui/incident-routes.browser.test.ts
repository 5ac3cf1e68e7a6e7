/**
 * The page routes of the real app (createApp, listening on loopback) in
 * headless Chromium with the network closed: from GET /ui to an incident's
 * page, a confirmation through the script under the route's own
 * Content-Security-Policy header, and a correction as a plain form post.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { createApp } from '../../src/app.ts'
import { makeDeps } from '../support/helpers.ts'
import { chromiumPath, launchOffline, type OfflineBrowser } from '../support/chromium.ts'
import { datasetGraph, reportOf, sampleAlerts, storedIncident } from '../support/incident-fixtures.ts'
import { memoryIncidents } from '../support/memory-incidents.ts'

const resultSays = (prefix: string) =>
  (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document
    .getElementById('feedback-result')
    ?.textContent.startsWith(prefix)

describe.skipIf(!chromiumPath)('incident page routes in headless Chromium (offline)', () => {
  let browser: OfflineBrowser
  let app: ReturnType<typeof createApp>
  let base = ''
  let incidents: ReturnType<typeof memoryIncidents>
  const offsite: string[] = []
  const blocked: string[] = []

  beforeAll(async () => {
    const { graph, history } = await datasetGraph()
    const alerts = await sampleAlerts('multi-incident')
    const report = await reportOf(alerts, graph, history)
    incidents = memoryIncidents([
      storedIncident('inc-multi', alerts, report, graph),
      { ...storedIncident('inc-older', alerts, report, graph), created_at: '2026-11-19T00:00:00Z' },
    ])
    app = createApp({ ...makeDeps(), incidentPages: incidents }).listen({ port: 0, hostname: '127.0.0.1' })
    base = `http://127.0.0.1:${app.server!.port}`
    browser = await launchOffline()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  async function page(js = true) {
    const p = await browser.browser.newPage()
    await p.setViewport({ width: 1280, height: 900 })
    await p.setJavaScriptEnabled(js)
    p.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offsite.push(r.url())
    })
    p.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) blocked.push(m.text())
    })
    return p
  }

  it("goes from the list to an incident and confirms it under the route's CSP header", async () => {
    const p = await page()
    await p.goto(`${base}/ui`, { waitUntil: 'load' })
    const links = await p.$$eval('table.list a', (as) => as.map((a) => a.getAttribute('href')))
    expect(links).toEqual(['/incidents/inc-multi', '/incidents/inc-older'])
    await Promise.all([p.waitForNavigation(), p.click('table.list a')])
    expect(await p.$eval('h1', (h) => h.textContent)).toBe('Incident inc-multi')
    // A picture per cluster, each with its root marked: the two incidents first, then the noise.
    const roots = await p.$$eval('svg.picture g.node.root', (gs) => gs.map((g) => g.getAttribute('data-service')))
    expect(roots).toHaveLength(5)
    expect(roots.slice(0, 2)).toEqual(['orders-db', 'user-db'])
    await p.click('#fb-confirm')
    await p.waitForFunction(resultSays, {}, 'Stored')
    expect(await p.$eval('#feedback-result', (el) => el.textContent)).toBe('Stored: root orders-db (top1).')
    expect(incidents.taken.at(-1)).toEqual({ id: 'inc-multi', input: { root_cause: 'orders-db', actions: [] } })
    await p.goto(`${base}/ui`, { waitUntil: 'load' })
    expect(await p.$eval('table.list tbody tr', (tr) => tr.textContent)).toContain('confirmed (orders-db)')
    await p.close()
    expect(blocked).toEqual([])
    expect(offsite).toEqual([])
  }, 30_000)

  it('takes a correction as a plain form post and shows it on the page it returns to', async () => {
    const p = await page(false)
    await p.goto(`${base}/incidents/inc-older`, { waitUntil: 'load' })
    await p.$eval('#fb-root', (el) => ((el as unknown as { value: string }).value = 'orders'))
    await p.$eval('#fb-note', (el) => ((el as unknown as { value: string }).value = 'disk filled by orders logs'))
    await Promise.all([p.waitForNavigation(), p.click('#fb-send')])
    expect(p.url()).toBe(`${base}/incidents/inc-older`)
    expect(await p.$eval('#feedback-state', (el) => el.textContent)).toContain('Operator said root orders')
    expect(incidents.taken.at(-1)).toEqual({ id: 'inc-older', input: { root_cause: 'orders', note: 'disk filled by orders logs' } })
    await p.close()
  }, 30_000)
})
