/**
 * Shadowing on the compiled binary, through a real listener and its worker
 * pool: a candidate set with PUT /admin/shadow sees the live sample batches
 * (answered whole by a worker) once traffic is quiet, and promote makes its
 * settings what /version shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { BINARY, spawnBinary, waitFor, waitHttpOk } from '../support/processes.ts'

const SAMPLE = resolve(import.meta.dir, '../../dataset/samples/cascade-20.json')
const TOKEN = 'binary-shadow-admin-token'
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

describe.skipIf(!existsSync(BINARY))('compiled binary: shadowing', () => {
  let proc: ReturnType<typeof Bun.spawn>
  let base: string

  beforeAll(async () => {
    ;({ proc, base } = spawnBinary({ AIOPS_RCA_WORKERS: '1', AIOPS_ADMIN_TOKEN: TOKEN }))
    await waitHttpOk(`${base}/readyz`, 10_000)
  })

  afterAll(() => {
    proc?.kill('SIGKILL')
  })

  it('compares live batches with a settings candidate, then promotes it into /version', async () => {
    const put = await fetch(`${base}/admin/shadow`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ config: { max_hop: 3 } }) })
    expect(put.status).toBe(200)
    const body = await Bun.file(SAMPLE).text()
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/incident`, { method: 'POST', body })).status).toBe(200)
    const report = await waitFor('three comparisons', async () => {
      const r = (await (await fetch(`${base}/admin/shadow`, { headers: AUTH })).json()) as { compared: number }
      return r.compared === 3 ? r : undefined
    })
    expect(report).toMatchObject({ compared: 3, skipped: { total: 0 }, candidate: { config: { max_hop: 3, changed: ['max_hop'] } } })
    expect((await fetch(`${base}/admin/shadow/promote`, { method: 'POST', headers: AUTH })).status).toBe(200)
    expect(((await (await fetch(`${base}/version`)).json()) as { pipeline_config: object }).pipeline_config).toMatchObject({ max_hop: 3 })
  })
})
