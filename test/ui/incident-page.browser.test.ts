/**
 * The incident page in a real headless Chromium with the network closed
 * except loopback: served by a small Bun.serve test server whose feedback
 * route records what the page posts (JSON from the script, a form post
 * without it) and answers as the store's route does. Screenshots go to
 * artifacts/screenshots/ (kept by CI, ignored by git).
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdirSync } from 'node:fs'
import type { Page } from 'puppeteer-core'
import type { StoredIncident } from '../../src/store/incident-record.ts'
import { contentSecurityPolicy } from '../../src/ui/page-shell.ts'
import { INCIDENT_PAGE_SCRIPTS, renderIncidentPage } from '../../src/ui/incident-page.ts'
import { chromiumPath, launchOffline, type OfflineBrowser } from '../support/chromium.ts'
import { memoryIncidents } from '../support/memory-incidents.ts'
import { datasetGraph, fanInIncident, reportOf, sampleAlerts, storedIncident } from '../support/incident-fixtures.ts'

// Runs in the page: has the feedback result region started saying `prefix`?
const resultStartsWith = (prefix: string) =>
  (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document
    .getElementById('feedback-result')
    ?.textContent.startsWith(prefix)

const SHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname

interface Posted {
  id: string
  contentType: string
  body: Record<string, unknown>
}

/** The feedback route's contract: JSON or a form; the stored feedback back (the token's sign-in is covered on the real app, incident-routes.browser.test.ts). */
function testServer(incidents: Map<string, StoredIncident>) {
  const posted: Posted[] = []
  const store = memoryIncidents([...incidents.values()])
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url)
      const m = url.pathname.match(/^\/incidents\/([^/]+)(\/feedback)?$/)
      const id = m ? decodeURIComponent(m[1]!) : ''
      const incident = incidents.get(id)
      if (!m || !incident) return new Response('not found', { status: 404 })
      if (!m[2]) {
        return new Response(renderIncidentPage(incident), {
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy(INCIDENT_PAGE_SCRIPTS) },
        })
      }
      const contentType = req.headers.get('content-type') ?? ''
      const isJson = contentType.startsWith('application/json')
      const body: Record<string, unknown> = isJson ? ((await req.json()) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(await req.text()))
      posted.push({ id, contentType, body })
      const actions = Array.isArray(body.actions)
        ? (body.actions as string[])
        : String(body.actions ?? '')
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean)
      const root = body.confirm ? incident.report.root_cause.service : String(body.root_cause)
      await store.feedback(id, { root_cause: root, actions, ...(body.note ? { note: String(body.note) } : {}) })
      return isJson ? Response.json(incident.feedback) : new Response(null, { status: 303, headers: { location: `/incidents/${encodeURIComponent(id)}` } })
    },
  })
  return { server, posted, base: `http://127.0.0.1:${server.port}` }
}

describe.skipIf(!chromiumPath)('incident page in headless Chromium (offline)', () => {
  let browser: OfflineBrowser
  let srv: ReturnType<typeof testServer>
  const incidents = new Map<string, StoredIncident>()
  let fanIn: StoredIncident
  const offsite: string[] = []

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    const { graph, history } = await datasetGraph()
    const alerts = await sampleAlerts('cascade-20')
    const report = await reportOf(alerts, graph, history)
    for (const id of ['inc-cascade', 'inc-confirm', 'inc-plain']) incidents.set(id, storedIncident(id, alerts, report, graph))
    const hostile = storedIncident('inc-hostile', alerts, report, graph)
    const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    hostile.alerts = hostile.alerts.map((a) => (a.service === 'web-frontend' ? { ...a, labels: { ...a.labels, team: evil } } : a))
    hostile.report.clusters[0]!.root_cause.evidence!.reasons.push(evil)
    hostile.report.similar_incidents[0]!.title = evil
    incidents.set('inc-hostile', hostile)
    const f = fanInIncident({ services: 200, alertsPerService: 2, fanIn: 6 })
    fanIn = storedIncident('inc-fan-in', f.alerts, await reportOf(f.alerts, f.graph, []), f.graph)
    incidents.set('inc-fan-in', fanIn)
    srv = testServer(incidents)
    browser = await launchOffline()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    srv?.server.stop(true)
  })

  async function open(path: string, opts: { js?: boolean; width?: number } = {}): Promise<Page> {
    const page = await browser.browser.newPage()
    await page.setViewport({ width: opts.width ?? 1280, height: 900 })
    await page.setJavaScriptEnabled(opts.js ?? true)
    page.on('request', (r) => {
      if (!r.url().startsWith(srv.base) && !r.url().startsWith('data:')) offsite.push(r.url())
    })
    const res = await page.goto(`${srv.base}${path}`, { waitUntil: 'load' })
    expect(res?.status()).toBe(200)
    return page
  }

  it('draws one box per service of a 20-alert incident, the root marked, and needs no network', async () => {
    const page = await open('/incidents/inc-cascade')
    const boxes = await page.$$eval('svg.picture g.node', (gs) =>
      gs.map((g) => ({ role: g.getAttribute('data-role'), service: g.getAttribute('data-service'), text: g.textContent })),
    )
    const cluster = incidents.get('inc-cascade')!.report.clusters[0]!
    expect(
      boxes
        .filter((b) => b.service)
        .map((b) => b.service)
        .sort(),
    ).toEqual([...cluster.services].sort())
    const root = boxes.find((b) => b.role === 'root')!
    expect(root.service).toBe('payment-db')
    expect(root.text).toContain('ROOT')
    // Each box is a keyboard stop that jumps to its timeline row.
    const href = await page.$eval('svg.picture g.node.root a', (a) => a.getAttribute('href'))
    expect(await page.$eval(href!, (row) => row.textContent)).toContain('payment-db')
    await page.screenshot({ path: `${SHOTS}incident-cascade-20.png`, fullPage: true })
    expect(Bun.file(`${SHOTS}incident-cascade-20.png`).size).toBeGreaterThan(10_000)
    await page.close()
    expect(offsite).toEqual([])
  }, 30_000)

  it('posts a correction as JSON and shows the stored result in place', async () => {
    const page = await open('/incidents/inc-cascade')
    await page.$eval('#fb-root', (el) => ((el as unknown as { value: string }).value = ''))
    await page.type('#fb-root', 'payment')
    await page.type('#fb-actions', 'Restart payment\nRaise its pool')
    await page.type('#fb-note', 'it was the client pool')
    await page.click('#fb-send')
    await page.waitForFunction(resultStartsWith, {}, 'Stored')
    expect(await page.$eval('#feedback-result', (el) => el.textContent)).toBe('Stored: root payment (top3).')
    expect(await page.$eval('#feedback-state', (el) => el.textContent)).toBe('Stored: root payment (top3).')
    const last = srv.posted.at(-1)!
    expect(last).toMatchObject({
      id: 'inc-cascade',
      contentType: 'application/json',
      body: { root_cause: 'payment', actions: ['Restart payment', 'Raise its pool'], note: 'it was the client pool' },
    })
    await page.close()
  }, 30_000)

  it('sends the typed root when Enter is pressed in its field', async () => {
    const page = await open('/incidents/inc-cascade')
    await page.$eval('#fb-root', (el) => ((el as unknown as { value: string }).value = ''))
    await page.type('#fb-root', 'checkout')
    await page.keyboard.press('Enter')
    await page.waitForFunction(resultStartsWith, {}, 'Stored')
    expect(srv.posted.at(-1)!.body.root_cause).toBe('checkout')
    await page.close()
  }, 30_000)

  it('confirms the answer with one click', async () => {
    const page = await open('/incidents/inc-confirm')
    await page.click('#fb-confirm')
    await page.waitForFunction(resultStartsWith, {}, 'Stored')
    expect(await page.$eval('#feedback-result', (el) => el.textContent)).toBe('Stored: root payment-db (top1).')
    expect(srv.posted.at(-1)!.body.root_cause).toBe('payment-db')
    await page.close()
  }, 30_000)

  it('works as a plain form post without JavaScript', async () => {
    const page = await open('/incidents/inc-plain', { js: false })
    await page.$eval('#fb-root', (el) => ((el as unknown as { value: string }).value = 'checkout'))
    await Promise.all([page.waitForNavigation(), page.click('#fb-send')])
    const last = srv.posted.at(-1)!
    expect(last.contentType).toBe('application/x-www-form-urlencoded')
    expect(last.body.root_cause).toBe('checkout')
    expect(await page.$eval('#feedback-state', (el) => el.textContent)).toContain('Operator said root checkout')
    await page.close()
  }, 30_000)

  it('shows hostile labels, reasons and titles as text and runs none of them', async () => {
    const page = await open('/incidents/inc-hostile')
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.$$eval('main script, main img', (els) => els.length)).toBe(0)
    expect(await page.$eval('main', (m) => m.textContent)).toContain('<script>window.__pwned=1</script>')
    await page.close()
  }, 30_000)

  it('passes an axe-core accessibility audit (WCAG rules) on the 20-alert and the 200-service page', async () => {
    const axe = await Bun.file(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname).text()
    for (const id of ['inc-cascade', 'inc-fan-in']) {
      const page = await browser.browser.newPage()
      await page.setBypassCSP(true) // the page allows only its own scripts; axe is injected for the audit
      await page.goto(`${srv.base}/incidents/${id}`, { waitUntil: 'load' })
      await page.addScriptTag({ content: axe })
      const violations = await page.evaluate(async () => {
        const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run()
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
      })
      expect(violations).toEqual([])
      await page.close()
    }
  }, 60_000)

  it('reaches the root box from the keyboard and jumps to its timeline row', async () => {
    const page = await open('/incidents/inc-cascade')
    let onRoot = false
    for (let i = 0; i < 30 && !onRoot; i++) {
      await page.keyboard.press('Tab')
      onRoot = await page.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document.activeElement
        return Boolean(el?.closest('g.node.root'))
      })
    }
    expect(onRoot).toBe(true)
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => (globalThis as unknown as { location: { hash: string } }).location.hash !== '')
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe('#c0-row-0')
    await page.close()
  }, 30_000)

  it('fits a phone-width screen: wide pictures and tables scroll in their boxes, never the page', async () => {
    for (const id of ['inc-cascade', 'inc-fan-in']) {
      const page = await open(`/incidents/${id}`, { width: 400 })
      const width = await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      )
      expect(width).toBeLessThanOrEqual(400)
      await page.close()
    }
  }, 30_000)

  it('keeps a 200-service incident readable: kept services plus collapsed groups, root in view', async () => {
    const page = await open('/incidents/inc-fan-in')
    const boxes = await page.$$eval('svg.picture g.node', (gs) =>
      gs.map((g) => ({ role: g.getAttribute('data-role'), service: g.getAttribute('data-service'), members: Number(g.getAttribute('data-members') ?? 0) })),
    )
    expect(boxes.length).toBeLessThanOrEqual(24)
    const collapsed = boxes.filter((b) => b.role!.startsWith('collapsed'))
    expect(collapsed.length).toBeGreaterThan(0)
    const alertingShown = boxes.filter((b) => b.service && b.role !== 'quiet').length
    const alertingCollapsed = collapsed.find((b) => b.role === 'collapsed-alerting')!.members
    expect(alertingShown + alertingCollapsed).toBe(200) // every alerting service is drawn or counted in a group
    expect(boxes.find((b) => b.role === 'root')!.service).toBe('orders-db')
    // The picture scrolls in its box; the script brings the root into view.
    const rootVisible = await page.$eval('svg.picture g.node.root rect.box', (r) => {
      const box = r.getBoundingClientRect()
      const view = r.closest('.scroll')!.getBoundingClientRect()
      return box.left >= view.left && box.right <= view.right
    })
    expect(rootVisible).toBe(true)
    await page.screenshot({ path: `${SHOTS}incident-200-services.png` })
    await page.screenshot({ path: `${SHOTS}incident-200-services-full.png`, fullPage: true })
    expect(Bun.file(`${SHOTS}incident-200-services.png`).size).toBeGreaterThan(10_000)
    await page.close()
    expect(offsite).toEqual([])
  }, 30_000)
})
