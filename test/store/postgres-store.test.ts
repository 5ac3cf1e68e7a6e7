/**
 * The Postgres store against a real Postgres (a throwaway cluster started by
 * the test; skipped only when no server binaries are installed): the shared
 * contract on a fresh database per case, migrations applied once even when
 * two stores open together, and a server that is down fails operations
 * instead of the constructor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import type { IncidentStore } from '../../src/store/incident-store.ts'
import { MIGRATIONS } from '../../src/store/migrations.ts'
import { openPostgresStore } from '../../src/store/postgres-store.ts'
import { createDatabase, postgresBin, startPostgres, type TestPostgres } from '../support/postgres.ts'
import { freePort } from '../support/processes.ts'
import { storeContract } from './store-contract.ts'

describe.skipIf(!postgresBin())('postgres store', () => {
  let pg: TestPostgres
  const opened: IncidentStore[] = []
  let n = 0
  beforeAll(async () => {
    pg = (await startPostgres())!
  })
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {})
    await pg?.stop()
  })

  async function open(): Promise<IncidentStore> {
    const s = openPostgresStore(await createDatabase(pg, `contract_${++n}`))
    opened.push(s)
    return s
  }

  storeContract(open, async () => {
    const url = await createDatabase(pg, `pair_${++n}`)
    const pair: [IncidentStore, IncidentStore] = [openPostgresStore(url), openPostgresStore(url)]
    opened.push(...pair)
    return pair
  })

  it('two stores opening one new database together migrate it once', async () => {
    const url = await createDatabase(pg, 'together')
    const a = openPostgresStore(url)
    const b = openPostgresStore(url)
    opened.push(a, b)
    await Promise.all([a.ping(), b.ping()])
    const { SQL } = await import('bun')
    const sql = new SQL(url)
    const rows = await sql.unsafe('SELECT count(*)::int AS n FROM schema_migrations')
    await sql.close()
    expect(rows[0].n).toBe(MIGRATIONS.length)
  })

  it('a server that is down fails operations, not the opening', async () => {
    const s = openPostgresStore(`postgres://postgres@127.0.0.1:${freePort()}/postgres`)
    opened.push(s)
    await expect(s.ping()).rejects.toThrow()
  })
})
