/**
 * The whole loop in headless Chromium with the network closed: the real app
 * on loopback with a real incident store (SQLite in a temp dir) keeps two
 * batches answered by POST /incident; GET /ui lists them, a click opens a
 * page, the script confirms the root under the route's own
 * Content-Security-Policy header, and a correction goes as a plain form post.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../../src/app.ts'
import { createSnapshot, GraphStore } from '../../src/graph/store.ts'
import { chromiumPath, launchOffline, type OfflineBrowser } from '../support/chromium.ts'
import { makeDeps } from '../support/helpers.ts'
import { datasetGraph, sampleAlerts } from '../support/incident-fixtures.ts'
import { serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir } from '../support/processes.ts'

const resultSays = (prefix: string) =>
  (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document
    .getElementById('feedback-result')
    ?.textContent.startsWith(prefix)

describe.skipIf(!chromiumPath)('incident page routes in headless Chromium (offline)', () => {
  let browser: OfflineBrowser
  let app: ReturnType<typeof createApp>
  let base = ''
  let harness: ServiceHarness
  let multi = ''
  let cascade = ''
  const dir = tempDir('aiops-ui-routes-')
  const offsite: string[] = []
  const blocked: string[] = []
  const kept = async (id: string) => (await harness.service.get(id))!

  beforeAll(async () => {
    const { graph, history } = await datasetGraph()
    const graphs = new GraphStore(
      createSnapshot({ graph, history, graphOrigin: 'test', historyOrigin: 'test', historyHash: 'h', loadedAt: '2026-01-01T00:00:00Z' }),
    )
    harness = serviceOn(join(dir, 'incidents.db'), { graphs })
    app = createApp({ ...makeDeps({ store: graphs }), incidents: harness.service }).listen({ port: 0, hostname: '127.0.0.1' })
    base = `http://127.0.0.1:${app.server!.port}`
    const answer = async (name: string) =>
      (
        (await (
          await fetch(`${base}/incident`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ alerts: await sampleAlerts(name) }),
          })
        ).json()) as { incident_id: string }
      ).incident_id
    cascade = await answer('cascade-20')
    multi = await answer('multi-incident')
    browser = await launchOffline()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await harness?.service.close()
    rmSync(dir, { recursive: true, force: true })
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
    expect(links.sort()).toEqual([`/incidents/${cascade}`, `/incidents/${multi}`].sort())
    await Promise.all([p.waitForNavigation(), p.click(`table.list a[href="/incidents/${multi}"]`)])
    expect(await p.$eval('h1', (h) => h.textContent)).toBe(`Incident ${multi}`)
    // A picture per cluster, each with its root marked: the two incidents first, then the noise.
    const roots = await p.$$eval('svg.picture g.node.root', (gs) => gs.map((g) => g.getAttribute('data-service')))
    expect(roots.slice(0, 2)).toEqual(['orders-db', 'user-db'])
    await p.click('#fb-confirm')
    await p.waitForFunction(resultSays, {}, 'Stored')
    expect(await p.$eval('#feedback-result', (el) => el.textContent)).toBe('Stored: root orders-db (top1).')
    expect((await kept(multi)).feedback).toMatchObject({ root_cause: 'orders-db', outcome: 'top1' })
    await p.goto(`${base}/ui`, { waitUntil: 'load' })
    expect(await p.$eval(`table.list a[href="/incidents/${multi}"]`, (a) => a.closest('tr')!.textContent)).toContain('confirmed (orders-db)')
    await p.close()
    expect(blocked).toEqual([])
    expect(offsite).toEqual([])
  }, 30_000)

  it('takes a correction as a plain form post and shows it on the page it returns to', async () => {
    const p = await page(false)
    await p.goto(`${base}/incidents/${cascade}`, { waitUntil: 'load' })
    await p.$eval('#fb-root', (el) => ((el as unknown as { value: string }).value = 'payment'))
    await p.$eval('#fb-note', (el) => ((el as unknown as { value: string }).value = 'client pool too small'))
    await Promise.all([p.waitForNavigation(), p.click('#fb-send')])
    expect(p.url()).toBe(`${base}/incidents/${cascade}`)
    expect(await p.$eval('#feedback-state', (el) => el.textContent)).toContain('Operator said root payment')
    expect((await kept(cascade)).feedback).toMatchObject({ root_cause: 'payment', note: 'client pool too small' })
    await p.close()
  }, 30_000)
})
