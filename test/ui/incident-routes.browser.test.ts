/**
 * The whole loop in headless Chromium with the network closed: the real app
 * on loopback with a real incident store (SQLite in a temp dir) keeps two
 * batches answered by POST /incident; GET /ui lists them, a click opens a
 * page, the script confirms the root under the route's own
 * Content-Security-Policy header, and a correction goes as a plain form post.
 * With AIOPS_API_TOKEN set, the same loop goes through the sign-in page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { GraphStore } from '../../src/graph/store.ts'
import { chromiumPath, launchOffline, type OfflineBrowser } from '../support/chromium.ts'
import { makeApp, testSnapshot } from '../support/helpers.ts'
import { datasetGraph, sampleAlerts } from '../support/incident-fixtures.ts'
import { serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir } from '../support/processes.ts'

const resultSays = (prefix: string) =>
  (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document
    .getElementById('feedback-result')
    ?.textContent.startsWith(prefix)

/** The app on loopback with the dataset's graph and history and an incident store (SQLite) in `dir`. */
async function listenOnDataset(dir: string, env: Record<string, string> = {}) {
  const { graph, history } = await datasetGraph()
  const graphs = new GraphStore(testSnapshot(graph, history))
  const harness = serviceOn(join(dir, 'incidents.db'), { graphs })
  const app = makeApp({ env, store: graphs, incidents: harness.service }).listen({ port: 0, hostname: '127.0.0.1' })
  return { harness, app, base: `http://127.0.0.1:${app.server!.port}` }
}

describe.skipIf(!chromiumPath)('incident page routes in headless Chromium (offline)', () => {
  let browser: OfflineBrowser
  let app: ReturnType<typeof makeApp>
  let base = ''
  let harness: ServiceHarness
  let multi = ''
  let cascade = ''
  const dir = tempDir('aiops-ui-routes-')
  const offsite: string[] = []
  const blocked: string[] = []
  const kept = async (id: string) => (await harness.service.get(id))!

  beforeAll(async () => {
    ;({ harness, app, base } = await listenOnDataset(dir))
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

describe.skipIf(!chromiumPath)('incident pages behind AIOPS_API_TOKEN in headless Chromium (offline)', () => {
  const TOKEN = 'browser-token-0123456789abcdef'
  let browser: OfflineBrowser
  let app: ReturnType<typeof makeApp>
  let base = ''
  let harness: ServiceHarness
  let id = ''
  const dir = tempDir('aiops-ui-auth-')

  beforeAll(async () => {
    ;({ harness, app, base } = await listenOnDataset(dir, { AIOPS_API_TOKEN: TOKEN }))
    const res = await fetch(`${base}/incident`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ alerts: await sampleAlerts('cascade-20') }),
    })
    id = ((await res.json()) as { incident_id: string }).incident_id
    browser = await launchOffline()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await harness?.service.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('signs in from a link, confirms with the session cookie (no token in the page or the tab), and signs out', async () => {
    const p = await browser.browser.newPage()
    const first = await p.goto(`${base}/incidents/${id}`, { waitUntil: 'load' })
    expect(first!.status()).toBe(401)
    expect(await p.$eval('h1', (h) => h.textContent)).toBe('Sign in')
    expect(await p.$('svg.picture')).toBeNull()
    await p.type('#si-token', 'not-the-token-0123456789')
    await Promise.all([p.waitForNavigation(), p.click('#sign-in button[type=submit]')])
    expect(await p.$eval('[role=alert]', (el) => el.textContent)).toBe('That token is not accepted.')
    await p.type('#si-token', TOKEN)
    await Promise.all([p.waitForNavigation(), p.click('#sign-in button[type=submit]')])
    expect(p.url()).toBe(`${base}/incidents/${id}`)
    expect(await p.$eval('h1', (h) => h.textContent)).toBe(`Incident ${id}`)
    // The script's fetch carries the cookie and the browser's own Origin: stored.
    await p.click('#fb-confirm')
    await p.waitForFunction(resultSays, {}, 'Stored')
    expect((await harness.service.get(id))!.feedback).toMatchObject({ outcome: 'top1' })
    // A plain form post (the page without script) carries them too.
    await p.setJavaScriptEnabled(false)
    await p.reload({ waitUntil: 'load' })
    await p.$eval('#fb-root', (el) => ((el as unknown as { value: string }).value = 'payment'))
    await Promise.all([p.waitForNavigation(), p.click('#fb-send')])
    expect(await p.$eval('#feedback-state', (el) => el.textContent)).toContain('Operator said root payment')
    await p.setJavaScriptEnabled(true)
    await p.reload({ waitUntil: 'load' })
    expect(await p.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).toBe('') // HttpOnly: no script can read the session
    expect(await p.evaluate(() => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length)).toBe(0)
    expect(await p.content()).not.toContain(TOKEN)
    await Promise.all([p.waitForNavigation(), p.click('form.sign-out button')])
    expect(await p.$eval('h1', (h) => h.textContent)).toBe('Sign in')
    await p.close()
  }, 30_000)
})
