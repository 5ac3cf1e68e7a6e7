/**
 * The SQLite store on a real file in a temp directory: the shared contract,
 * plus what only a file shows: a restart (reopen) keeps incidents and
 * feedback, migrations run once, and the file is in WAL mode.
 */
import { Database } from 'bun:sqlite'
import { afterAll, describe, expect, it } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { IncidentStore } from '../../src/store/incident-store.ts'
import { openSqliteStore } from '../../src/store/sqlite-store.ts'
import { MIGRATIONS } from '../../src/store/migrations.ts'
import { storedIncident } from '../support/incidents.ts'
import { tempDir } from '../support/processes.ts'
import { storeContract } from './store-contract.ts'

const dir = tempDir('aiops-sqlite-')
const opened: IncidentStore[] = []
let n = 0
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

function open(path = join(dir, `s${++n}`, 'incidents.db')): IncidentStore {
  const s = openSqliteStore(path)
  opened.push(s)
  return s
}

describe('sqlite store', () => {
  storeContract(
    async () => open(),
    async () => {
      const path = join(dir, `pair${++n}.db`)
      return [open(path), open(path)]
    },
  )

  it('a restart keeps incidents and feedback', async () => {
    const path = join(dir, 'restart.db')
    const a = open(path)
    await a.upsert([storedIncident('inc-r', { updatedMs: Date.parse('2026-06-08T00:00:00Z') })])
    await a.saveFeedback('inc-r', {
      root_cause: 'payment',
      actions: ['roll back payment'],
      note: 'bad deploy',
      at: '2026-06-08T01:00:00.000Z',
      outcome: 'miss',
    })
    await a.close()
    const b = open(path)
    const got = await b.get('inc-r')
    expect(got?.feedback).toEqual({
      root_cause: 'payment',
      actions: ['roll back payment'],
      note: 'bad deploy',
      at: '2026-06-08T01:00:00.000Z',
      outcome: 'miss',
    })
    expect(got?.alerts.length).toBe(3)
  })

  it('applies each migration once and runs in WAL mode', async () => {
    const path = join(dir, 'migrate.db')
    await open(path).close()
    await open(path).close()
    const db = new Database(path)
    expect(db.query('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length })
    expect(db.query('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    db.close()
  })

  it('creates the directory of the file', async () => {
    const s = open(join(dir, 'deep', 'er', 'x.db'))
    await s.ping()
  })
})
