/**
 * The cases of the OpenAPI truth test (openapi.test.ts): one real request for
 * every documented (route, status) pair, each made on an app built for it
 * (admin token, incident store on SQLite or down, discovery from a Jaeger
 * double, a shadowed candidate, the pages' sign-in).
 */
import { expect } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { GraphStore } from '../../src/graph/store.ts'
import { cascade } from '../support/fixtures/cascade.ts'
import { servicesDoc, tempDataDir } from '../support/fixtures/graph-docs.ts'
import { alert, json, makeApp, makeDeps, post, req } from '../support/helpers.ts'
import { jaegerDouble } from '../support/jaeger-double.ts'
import { downStore, serviceOn, type ServiceHarness } from '../support/incident-service.ts'
import { tempDir } from '../support/processes.ts'

const ADMIN = 'admin-secret'
export const API = 'api-secret-0123456789'
const AUTH = { authorization: `Bearer ${ADMIN}` }
type App = ReturnType<typeof makeApp>

/** A graph store that fails every read once armed: how a route's 500 is reached. */
class FailingStore extends GraphStore {
  failing = false
  override get current() {
    if (this.failing) throw new Error('graph store failed (test)')
    return super.current
  }
}

const adminApp = (env: Record<string, string> = {}, store?: GraphStore) => makeApp({ env: { AIOPS_ADMIN_TOKEN: ADMIN, ...env }, store })

/** An app whose graph store fails from its first request on. */
function failingApp(): App {
  const store = new FailingStore(makeDeps().store.current)
  const app = adminApp({}, store)
  store.failing = true
  return app
}

const dirs: Array<Awaited<ReturnType<typeof tempDataDir>>> = []

const storeDir = tempDir('aiops-openapi-store-')
const services: ServiceHarness[] = []

/** An admin app with the incident store on a real SQLite file (or a store that is down). */
export function storeApp(env: Record<string, string> = {}, down = false): App {
  const deps = makeDeps({ env: { AIOPS_ADMIN_TOKEN: ADMIN, ...env } })
  const h = serviceOn(join(storeDir, `s${services.length}.db`), { graphs: deps.store, metrics: deps.metrics, ...(down ? { incidents: downStore() } : {}) })
  services.push(h)
  return makeApp({ ...deps, incidents: h.service })
}
// Discovery answers (502, 409) come from a Jaeger double; each case sets what it says first.
const jaeger = jaegerDouble()
const dep = (parent: string, child: string) => ({ parent, child, callCount: 60 })
const discoveryApp = () =>
  adminApp({ AIOPS_GRAPH_SOURCE: 'jaeger', AIOPS_JAEGER_URL: jaeger.url, AIOPS_GRAPH_EDGE_RETENTION_SEC: '0', AIOPS_GRAPH_FETCH_TIMEOUT_MS: '500' })

const webhook = (alerts: unknown[]) => ({ version: '4', status: 'firing', receiver: 'triage', alerts })
const amAlert = (service: string, s: number) => ({
  status: 'firing',
  labels: { alertname: 'HighLatency', service, severity: 'critical' },
  startsAt: new Date(Date.UTC(2026, 5, 8, 3, 0, s)).toISOString(),
})
const putGraph = (app: App, body: string, headers: Record<string, string> = AUTH) =>
  req(app, '/admin/graph', { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body })
const postAdmin = (app: App, path: string, headers: Record<string, string> = AUTH) => req(app, path, { method: 'POST', headers })
const putShadow = (app: App, body: string, headers: Record<string, string> = AUTH) =>
  req(app, '/admin/shadow', { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body })

/** An admin app shadowing a settings candidate that has seen one live batch. */
async function shadowed(withStore = false): Promise<App> {
  const app = withStore ? storeApp() : makeApp({ env: { AIOPS_ADMIN_TOKEN: ADMIN } })
  expect((await putShadow(app, JSON.stringify({ config: { max_hop: 3 } }))).status).toBe(200)
  expect((await post(app, '/incident', { alerts: cascade() })).status).toBe(200)
  return app
}

export interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  status: number
  what: string
  send: () => Promise<Response>
}

const guarded = () => makeApp({ env: { AIOPS_API_TOKEN: API } })
const signIn = (body: string, type = 'application/x-www-form-urlencoded') =>
  req(storeApp({ AIOPS_API_TOKEN: API }), '/ui/session', { method: 'POST', headers: { 'content-type': type }, body })
const notReady = () => adminApp({}, new GraphStore())
const tooMany = () => Array.from({ length: 3 }, (_, i) => alert('web', 'error_rate', i * 10))

export const CASES: Case[] = [
  // POST /incident
  { method: 'POST', path: '/incident', status: 200, what: 'a cascade', send: () => post(makeApp(), '/incident', { alerts: cascade() }) },
  { method: 'POST', path: '/incident', status: 400, what: 'malformed JSON', send: () => post(makeApp(), '/incident', '{"alerts": [') },
  { method: 'POST', path: '/incident', status: 401, what: 'no token', send: () => post(guarded(), '/incident', { alerts: cascade() }) },
  {
    method: 'POST',
    path: '/incident',
    status: 403,
    what: 'wrong token',
    send: () => post(guarded(), '/incident', { alerts: cascade() }, { authorization: 'Bearer nope' }),
  },
  {
    method: 'POST',
    path: '/incident',
    status: 413,
    what: 'too many alerts',
    send: () => post(makeApp({ env: { AIOPS_MAX_ALERTS: '2' } }), '/incident', { alerts: tooMany() }),
  },
  {
    method: 'POST',
    path: '/incident',
    status: 422,
    what: 'a bad severity',
    send: () => post(makeApp(), '/incident', { alerts: [{ ...alert('web', 'error_rate', 0), severity: 'high' }] }),
  },
  { method: 'POST', path: '/incident', status: 500, what: 'a failing store', send: () => post(failingApp(), '/incident', { alerts: cascade() }) },
  { method: 'POST', path: '/incident', status: 503, what: 'no graph yet', send: () => post(notReady(), '/incident', { alerts: cascade() }) },
  // POST /alertmanager
  {
    method: 'POST',
    path: '/alertmanager',
    status: 200,
    what: 'a firing webhook',
    send: () => post(makeApp(), '/alertmanager', webhook([amAlert('payment-db', 0), amAlert('payment', 20)])),
  },
  { method: 'POST', path: '/alertmanager', status: 400, what: 'no alerts', send: () => post(makeApp(), '/alertmanager', webhook([])) },
  { method: 'POST', path: '/alertmanager', status: 401, what: 'no token', send: () => post(guarded(), '/alertmanager', webhook([amAlert('web', 0)])) },
  {
    method: 'POST',
    path: '/alertmanager',
    status: 403,
    what: 'wrong token',
    send: () => post(guarded(), '/alertmanager', webhook([amAlert('web', 0)]), { authorization: 'Bearer nope' }),
  },
  {
    method: 'POST',
    path: '/alertmanager',
    status: 413,
    what: 'too many alerts',
    send: () => post(makeApp({ env: { AIOPS_MAX_ALERTS: '1' } }), '/alertmanager', webhook([amAlert('web', 0), amAlert('web', 5)])),
  },
  {
    method: 'POST',
    path: '/alertmanager',
    status: 422,
    what: 'an alert without labels',
    send: () => post(makeApp(), '/alertmanager', webhook([{ status: 'firing', startsAt: 'x' }])),
  },
  {
    method: 'POST',
    path: '/alertmanager',
    status: 500,
    what: 'a failing store',
    send: () => post(failingApp(), '/alertmanager', webhook([amAlert('web', 0)])),
  },
  { method: 'POST', path: '/alertmanager', status: 503, what: 'no graph yet', send: () => post(notReady(), '/alertmanager', webhook([amAlert('web', 0)])) },
  // Operations
  { method: 'GET', path: '/healthz', status: 200, what: 'always', send: () => req(makeApp(), '/healthz') },
  { method: 'GET', path: '/readyz', status: 200, what: 'graph loaded', send: () => req(makeApp(), '/readyz') },
  { method: 'GET', path: '/readyz', status: 503, what: 'no graph yet', send: () => req(notReady(), '/readyz') },
  { method: 'GET', path: '/readyz', status: 500, what: 'a failing store', send: () => req(failingApp(), '/readyz') },
  { method: 'GET', path: '/version', status: 200, what: 'graph loaded', send: () => req(makeApp(), '/version') },
  { method: 'GET', path: '/version', status: 500, what: 'a failing store', send: () => req(failingApp(), '/version') },
  { method: 'GET', path: '/metrics', status: 200, what: 'always', send: () => req(makeApp(), '/metrics') },
  // Admin
  { method: 'GET', path: '/admin/graph', status: 200, what: 'the versions', send: () => req(adminApp(), '/admin/graph', { headers: AUTH }) },
  { method: 'GET', path: '/admin/graph', status: 401, what: 'no token', send: () => req(adminApp(), '/admin/graph') },
  {
    method: 'GET',
    path: '/admin/graph',
    status: 403,
    what: 'wrong token',
    send: () => req(adminApp(), '/admin/graph', { headers: { authorization: 'Bearer nope' } }),
  },
  { method: 'GET', path: '/admin/graph', status: 500, what: 'a failing store', send: () => req(failingApp(), '/admin/graph', { headers: AUTH }) },
  { method: 'PUT', path: '/admin/graph', status: 200, what: 'a new graph', send: () => putGraph(adminApp(), JSON.stringify(servicesDoc('g-2'))) },
  { method: 'PUT', path: '/admin/graph', status: 400, what: 'malformed JSON', send: () => putGraph(adminApp(), '{"services": [') },
  { method: 'PUT', path: '/admin/graph', status: 401, what: 'no token', send: () => putGraph(adminApp(), JSON.stringify(servicesDoc('g-2')), {}) },
  {
    method: 'PUT',
    path: '/admin/graph',
    status: 403,
    what: 'wrong token',
    send: () => putGraph(adminApp(), JSON.stringify(servicesDoc('g-2')), { authorization: 'Bearer nope' }),
  },
  {
    method: 'PUT',
    path: '/admin/graph',
    status: 413,
    what: 'over AIOPS_MAX_BODY_BYTES',
    send: () =>
      putGraph(
        adminApp({ AIOPS_MAX_BODY_BYTES: '1024' }),
        JSON.stringify(
          servicesDoc(
            'g-2',
            Array.from({ length: 100 }, (_, i) => `svc-${i}`),
          ),
        ),
      ),
  },
  {
    method: 'PUT',
    path: '/admin/graph',
    status: 422,
    what: 'an edge to an unknown service',
    send: () => putGraph(adminApp(), JSON.stringify({ services: [{ name: 'a' }], edges: [{ from: 'a', to: 'ghost' }] })),
  },
  { method: 'PUT', path: '/admin/graph', status: 500, what: 'a failing store', send: () => putGraph(failingApp(), JSON.stringify(servicesDoc('g-2'))) },
  { method: 'POST', path: '/admin/graph/reload', status: 200, what: 'no files to re-read', send: () => postAdmin(adminApp(), '/admin/graph/reload') },
  { method: 'POST', path: '/admin/graph/reload', status: 401, what: 'no token', send: () => postAdmin(adminApp(), '/admin/graph/reload', {}) },
  {
    method: 'POST',
    path: '/admin/graph/reload',
    status: 403,
    what: 'wrong token',
    send: () => postAdmin(adminApp(), '/admin/graph/reload', { authorization: 'Bearer nope' }),
  },
  {
    method: 'POST',
    path: '/admin/graph/reload',
    status: 422,
    what: 'a broken graph file',
    send: async () => {
      const dir = await tempDataDir({ services: [{ name: 'a' }], edges: [{ from: 'a', to: 'ghost' }] })
      dirs.push(dir)
      return postAdmin(adminApp({ AIOPS_GRAPH_PATH: dir.graphPath, AIOPS_HISTORY_PATH: dir.historyPath }), '/admin/graph/reload')
    },
  },
  { method: 'POST', path: '/admin/graph/reload', status: 500, what: 'a failing store', send: () => postAdmin(failingApp(), '/admin/graph/reload') },
  {
    method: 'POST',
    path: '/admin/graph/rollback',
    status: 200,
    what: 'after an upload',
    send: async () => {
      const app = adminApp()
      expect((await putGraph(app, JSON.stringify(servicesDoc('g-2')))).status).toBe(200)
      return postAdmin(app, '/admin/graph/rollback')
    },
  },
  { method: 'POST', path: '/admin/graph/rollback', status: 401, what: 'no token', send: () => postAdmin(adminApp(), '/admin/graph/rollback', {}) },
  {
    method: 'POST',
    path: '/admin/graph/rollback',
    status: 403,
    what: 'wrong token',
    send: () => postAdmin(adminApp(), '/admin/graph/rollback', { authorization: 'Bearer nope' }),
  },
  { method: 'POST', path: '/admin/graph/rollback', status: 409, what: 'no previous version', send: () => postAdmin(adminApp(), '/admin/graph/rollback') },
  { method: 'POST', path: '/admin/graph/rollback', status: 500, what: 'a failing store', send: () => postAdmin(failingApp(), '/admin/graph/rollback') },
  // The incident store (an app with a real SQLite store in a temp directory)
  {
    method: 'GET',
    path: '/incidents',
    status: 200,
    what: 'the kept incidents',
    send: async () => {
      const app = storeApp()
      await post(app, '/incident', { alerts: cascade() })
      return req(app, '/incidents')
    },
  },
  { method: 'GET', path: '/incidents', status: 401, what: 'no token', send: () => req(storeApp({ AIOPS_API_TOKEN: API }), '/incidents') },
  {
    method: 'GET',
    path: '/incidents',
    status: 403,
    what: 'wrong token',
    send: () => req(storeApp({ AIOPS_API_TOKEN: API }), '/incidents', { headers: { authorization: 'Bearer nope' } }),
  },
  { method: 'GET', path: '/incidents', status: 422, what: 'a bad limit', send: () => req(storeApp(), '/incidents?limit=0') },
  { method: 'GET', path: '/incidents', status: 503, what: 'the store down', send: () => req(storeApp({}, true), '/incidents') },
  {
    method: 'GET',
    path: '/incidents/{id}',
    status: 200,
    what: 'a kept incident',
    send: async () => {
      const app = storeApp()
      const { incident_id } = await json(post(app, '/incident', { alerts: cascade() }))
      return req(app, `/incidents/${incident_id}`)
    },
  },
  { method: 'GET', path: '/incidents/{id}', status: 401, what: 'no token', send: () => req(storeApp({ AIOPS_API_TOKEN: API }), '/incidents/inc-x') },
  {
    method: 'GET',
    path: '/incidents/{id}',
    status: 403,
    what: 'wrong token',
    send: () => req(storeApp({ AIOPS_API_TOKEN: API }), '/incidents/inc-x', { headers: { authorization: 'Bearer nope' } }),
  },
  { method: 'GET', path: '/incidents/{id}', status: 404, what: 'an unknown id', send: () => req(storeApp(), '/incidents/inc-x') },
  { method: 'GET', path: '/incidents/{id}', status: 503, what: 'the store down', send: () => req(storeApp({}, true), '/incidents/inc-x') },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 200,
    what: 'a correction',
    send: async () => {
      const app = storeApp()
      const { incident_id } = await json(post(app, '/incident', { alerts: cascade() }))
      return post(app, `/incidents/${incident_id}/feedback`, { root_cause: 'payment', actions: ['roll back'] })
    },
  },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 400,
    what: 'malformed JSON',
    send: () => post(storeApp(), '/incidents/inc-x/feedback', '{"root_cause":'),
  },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 401,
    what: 'no token',
    send: () => post(storeApp({ AIOPS_API_TOKEN: API }), '/incidents/inc-x/feedback', { root_cause: 'db' }),
  },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 403,
    what: 'wrong token',
    send: () => post(storeApp({ AIOPS_API_TOKEN: API }), '/incidents/inc-x/feedback', { root_cause: 'db' }, { authorization: 'Bearer nope' }),
  },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 404,
    what: 'an unknown id',
    send: () => post(storeApp(), '/incidents/inc-x/feedback', { root_cause: 'db' }),
  },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 413,
    what: 'a body over 64 KiB',
    send: () => post(storeApp(), '/incidents/inc-x/feedback', { root_cause: 'db', note: 'x'.repeat(70_000) }),
  },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 422,
    what: 'no root_cause',
    send: () => post(storeApp(), '/incidents/inc-x/feedback', { actions: [] }),
  },
  {
    method: 'POST',
    path: '/incidents/{id}/feedback',
    status: 503,
    what: 'the store down',
    send: () => post(storeApp({}, true), '/incidents/inc-x/feedback', { root_cause: 'db' }),
  },
  {
    method: 'GET',
    path: '/ui',
    status: 200,
    what: 'the incident list page',
    send: async () => {
      const app = storeApp()
      await post(app, '/incident', { alerts: cascade() })
      return req(app, '/ui')
    },
  },
  { method: 'GET', path: '/ui', status: 503, what: 'the store down', send: () => req(storeApp({}, true), '/ui') },
  {
    method: 'GET',
    path: '/ui',
    status: 401,
    what: 'a token set, no session',
    send: () => req(storeApp({ AIOPS_API_TOKEN: API }), '/ui', { headers: { accept: 'text/html' } }),
  },
  // The pages' sign-in (exists only with AIOPS_API_TOKEN)
  { method: 'POST', path: '/ui/session', status: 303, what: 'the right token', send: () => signIn(`token=${API}&next=%2Fui`) },
  { method: 'POST', path: '/ui/session', status: 400, what: 'malformed JSON', send: () => signIn('{"token":', 'application/json') },
  { method: 'POST', path: '/ui/session', status: 401, what: 'a wrong token', send: () => signIn('token=nope') },
  { method: 'POST', path: '/ui/session', status: 413, what: 'a body over 16 KiB', send: () => signIn(`token=${'x'.repeat(20_000)}`) },
  {
    method: 'POST',
    path: '/ui/session/delete',
    status: 303,
    what: 'sign out',
    send: () => req(storeApp({ AIOPS_API_TOKEN: API }), '/ui/session/delete', { method: 'POST' }),
  },
  {
    method: 'DELETE',
    path: '/ui/session',
    status: 204,
    what: 'sign out',
    send: () => req(storeApp({ AIOPS_API_TOKEN: API }), '/ui/session', { method: 'DELETE' }),
  },
  { method: 'GET', path: '/admin/accuracy', status: 200, what: 'the windows', send: () => req(storeApp(), '/admin/accuracy', { headers: AUTH }) },
  { method: 'GET', path: '/admin/accuracy', status: 401, what: 'no token', send: () => req(storeApp(), '/admin/accuracy') },
  {
    method: 'GET',
    path: '/admin/accuracy',
    status: 403,
    what: 'wrong token',
    send: () => req(storeApp(), '/admin/accuracy', { headers: { authorization: 'Bearer nope' } }),
  },
  { method: 'GET', path: '/admin/accuracy', status: 503, what: 'the store down', send: () => req(storeApp({}, true), '/admin/accuracy', { headers: AUTH }) },
  { method: 'POST', path: '/admin/graph/rollback', status: 404, what: 'an unknown ?to=', send: () => postAdmin(adminApp(), '/admin/graph/rollback?to=nope') },
  {
    method: 'POST',
    path: '/admin/graph/rollback',
    status: 422,
    what: 'an over-long ?to=',
    send: () => postAdmin(adminApp(), `/admin/graph/rollback?to=${'x'.repeat(300)}`),
  },
  // Discovery
  {
    method: 'POST',
    path: '/admin/graph/reload',
    status: 502,
    what: 'the source down',
    send: () => {
      jaeger.respond(() => new Response('down', { status: 503 }))
      return postAdmin(discoveryApp(), '/admin/graph/reload')
    },
  },
  {
    method: 'POST',
    path: '/admin/graph/reload',
    status: 409,
    what: 'a collapsed discovered graph',
    send: async () => {
      const app = discoveryApp()
      jaeger.deps([dep('a', 'b'), dep('b', 'c'), dep('c', 'd')])
      expect((await postAdmin(app, '/admin/graph/reload')).status).toBe(200)
      jaeger.deps([dep('a', 'b')])
      return postAdmin(app, '/admin/graph/reload')
    },
  },
  {
    method: 'GET',
    path: '/admin/graph/versions',
    status: 200,
    what: 'with a pending candidate',
    send: async () => {
      const app = discoveryApp()
      jaeger.deps([dep('a', 'b'), dep('b', 'c'), dep('c', 'd')])
      await postAdmin(app, '/admin/graph/reload')
      jaeger.deps([dep('a', 'b')])
      await postAdmin(app, '/admin/graph/reload')
      return req(app, '/admin/graph/versions', { headers: AUTH })
    },
  },
  { method: 'GET', path: '/admin/graph/versions', status: 401, what: 'no token', send: () => req(adminApp(), '/admin/graph/versions') },
  {
    method: 'GET',
    path: '/admin/graph/versions',
    status: 403,
    what: 'wrong token',
    send: () => req(adminApp(), '/admin/graph/versions', { headers: { authorization: 'Bearer nope' } }),
  },
  {
    method: 'GET',
    path: '/admin/graph/versions',
    status: 500,
    what: 'a failing store',
    send: () => req(failingApp(), '/admin/graph/versions', { headers: AUTH }),
  },
  {
    method: 'GET',
    path: '/admin/graph/diff',
    status: 200,
    what: 'after an upload',
    send: async () => {
      const app = adminApp()
      await putGraph(app, JSON.stringify(servicesDoc('g-2')))
      return req(app, '/admin/graph/diff?from=g-test&to=g-2', { headers: AUTH })
    },
  },
  { method: 'GET', path: '/admin/graph/diff', status: 401, what: 'no token', send: () => req(adminApp(), '/admin/graph/diff') },
  {
    method: 'GET',
    path: '/admin/graph/diff',
    status: 403,
    what: 'wrong token',
    send: () => req(adminApp(), '/admin/graph/diff', { headers: { authorization: 'Bearer nope' } }),
  },
  {
    method: 'GET',
    path: '/admin/graph/diff',
    status: 404,
    what: 'an unknown version',
    send: () => req(adminApp(), '/admin/graph/diff?from=nope', { headers: AUTH }),
  },
  {
    method: 'GET',
    path: '/admin/graph/diff',
    status: 422,
    what: 'an over-long version',
    send: () => req(adminApp(), `/admin/graph/diff?to=${'x'.repeat(300)}`, { headers: AUTH }),
  },
  { method: 'GET', path: '/admin/graph/diff', status: 500, what: 'a failing store', send: () => req(failingApp(), '/admin/graph/diff', { headers: AUTH }) },
  // Shadow
  {
    method: 'PUT',
    path: '/admin/shadow',
    status: 200,
    what: 'a candidate',
    send: () => putShadow(adminApp(), JSON.stringify({ graph: servicesDoc('g-2'), config: { gap_sec: 300 } })),
  },
  { method: 'PUT', path: '/admin/shadow', status: 400, what: 'malformed JSON', send: () => putShadow(adminApp(), '{"graph": ') },
  { method: 'PUT', path: '/admin/shadow', status: 401, what: 'no token', send: () => putShadow(adminApp(), '{}', {}) },
  { method: 'PUT', path: '/admin/shadow', status: 403, what: 'wrong token', send: () => putShadow(adminApp(), '{}', { authorization: 'Bearer nope' }) },
  { method: 'PUT', path: '/admin/shadow', status: 422, what: 'max_hop 0', send: () => putShadow(adminApp(), JSON.stringify({ config: { max_hop: 0 } })) },
  {
    method: 'GET',
    path: '/admin/shadow',
    status: 200,
    what: 'after live traffic',
    send: async () => req(await shadowed(), '/admin/shadow', { headers: AUTH }),
  },
  { method: 'GET', path: '/admin/shadow', status: 401, what: 'no token', send: () => req(adminApp(), '/admin/shadow') },
  {
    method: 'GET',
    path: '/admin/shadow',
    status: 403,
    what: 'wrong token',
    send: () => req(adminApp(), '/admin/shadow', { headers: { authorization: 'Bearer nope' } }),
  },
  { method: 'GET', path: '/admin/shadow', status: 404, what: 'nothing shadowed', send: () => req(adminApp(), '/admin/shadow', { headers: AUTH }) },
  {
    method: 'DELETE',
    path: '/admin/shadow',
    status: 200,
    what: 'a candidate',
    send: async () => req(await shadowed(), '/admin/shadow', { method: 'DELETE', headers: AUTH }),
  },
  { method: 'DELETE', path: '/admin/shadow', status: 401, what: 'no token', send: () => req(adminApp(), '/admin/shadow', { method: 'DELETE' }) },
  {
    method: 'DELETE',
    path: '/admin/shadow',
    status: 403,
    what: 'wrong token',
    send: () => req(adminApp(), '/admin/shadow', { method: 'DELETE', headers: { authorization: 'Bearer nope' } }),
  },
  {
    method: 'DELETE',
    path: '/admin/shadow',
    status: 404,
    what: 'nothing shadowed',
    send: () => req(adminApp(), '/admin/shadow', { method: 'DELETE', headers: AUTH }),
  },
  { method: 'POST', path: '/admin/shadow/promote', status: 200, what: 'a candidate', send: async () => postAdmin(await shadowed(), '/admin/shadow/promote') },
  { method: 'POST', path: '/admin/shadow/promote', status: 401, what: 'no token', send: () => postAdmin(adminApp(), '/admin/shadow/promote', {}) },
  {
    method: 'POST',
    path: '/admin/shadow/promote',
    status: 403,
    what: 'wrong token',
    send: () => postAdmin(adminApp(), '/admin/shadow/promote', { authorization: 'Bearer nope' }),
  },
  { method: 'POST', path: '/admin/shadow/promote', status: 404, what: 'nothing shadowed', send: () => postAdmin(adminApp(), '/admin/shadow/promote') },
  {
    method: 'POST',
    path: '/admin/shadow/replay',
    status: 200,
    what: 'with a store',
    send: async () => postAdmin(await shadowed(true), '/admin/shadow/replay?last=10'),
  },
  { method: 'POST', path: '/admin/shadow/replay', status: 401, what: 'no token', send: () => postAdmin(adminApp(), '/admin/shadow/replay', {}) },
  {
    method: 'POST',
    path: '/admin/shadow/replay',
    status: 403,
    what: 'wrong token',
    send: () => postAdmin(adminApp(), '/admin/shadow/replay', { authorization: 'Bearer nope' }),
  },
  { method: 'POST', path: '/admin/shadow/replay', status: 404, what: 'nothing shadowed', send: () => postAdmin(adminApp(), '/admin/shadow/replay') },
  {
    method: 'POST',
    path: '/admin/shadow/replay',
    status: 409,
    what: 'no incident store',
    send: async () => postAdmin(await shadowed(), '/admin/shadow/replay'),
  },
  { method: 'POST', path: '/admin/shadow/replay', status: 422, what: 'last=0', send: () => postAdmin(adminApp(), '/admin/shadow/replay?last=0') },
]

/** Closes what the cases opened: incident services, their SQLite files, temp data dirs, the Jaeger double. */
export async function closeCaseApps(): Promise<void> {
  await Promise.all(dirs.map((d) => d.cleanup()))
  for (const h of services) await h.service.close()
  rmSync(storeDir, { recursive: true, force: true })
  jaeger.stop()
}
