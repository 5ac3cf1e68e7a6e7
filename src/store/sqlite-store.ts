/**
 * The embedded incident store: one SQLite file through bun:sqlite, so the
 * single binary keeps incidents with no server to run. WAL journal (readers
 * never wait for the writer; a committed transaction survives the process
 * being killed), statements prepared once, migrations at open.
 */
import { Database, type Statement } from 'bun:sqlite'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { IncidentFeedback, StoredIncident } from './incident-record.ts'
import { type DocRow, fromRow, toRow, type FeedbackRow, type IncidentQuery, type IncidentStore, type OpenRow } from './incident-store.ts'
import { pendingMigrations } from './migrations.ts'

// How long a writer waits for another process's lock (two replicas on one file) before failing.
const BUSY_TIMEOUT_MS = 5000

const SELECT = 'SELECT doc, created_ms, updated_ms, feedback FROM incidents'

export function openSqliteStore(path: string): IncidentStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, { create: true, strict: true })
  db.exec('PRAGMA journal_mode = WAL')
  // NORMAL in WAL mode loses nothing when the process dies; only an OS crash may drop the last commits.
  db.exec('PRAGMA synchronous = NORMAL')
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
  migrate(db)
  // This instance's name on the rows it writes, so another replica's sync skips what it wrote itself.
  const writer = crypto.randomUUID()

  const upsertOne = db.prepare(
    `INSERT INTO incidents (id, created_ms, updated_ms, group_key, root_cause, method, graph_version, services, sources, writer, doc)
     VALUES ($id, $created_ms, $updated_ms, $group_key, $root_cause, $method, $graph_version, $services, $sources, $writer, $doc)
     ON CONFLICT (id) DO UPDATE SET updated_ms = excluded.updated_ms, group_key = coalesce(excluded.group_key, incidents.group_key),
       root_cause = excluded.root_cause, method = excluded.method, graph_version = excluded.graph_version,
       services = excluded.services, sources = excluded.sources, writer = excluded.writer, doc = excluded.doc`,
  )
  const upsertMany = db.transaction((incidents: readonly StoredIncident[]) => {
    for (const inc of incidents) {
      const row = toRow(inc)
      upsertOne.run({ ...row, services: JSON.stringify(row.services), writer })
    }
  })
  const byId: Statement<DocRow> = db.prepare(`${SELECT} WHERE id = ?`)
  const listAll: Statement<DocRow> = db.prepare(`${SELECT} WHERE updated_ms >= ?1 ORDER BY updated_ms DESC, id LIMIT ?2`)
  const listService: Statement<DocRow> = db.prepare(
    `${SELECT} WHERE updated_ms >= ?1 AND EXISTS (SELECT 1 FROM json_each(incidents.services) WHERE value = ?3) ORDER BY updated_ms DESC, id LIMIT ?2`,
  )
  const byOthers: Statement<OpenRow> = db.prepare(
    'SELECT id, created_ms, updated_ms, group_key, sources FROM incidents WHERE updated_ms >= ?1 AND writer <> ?2 ORDER BY updated_ms DESC LIMIT ?3',
  )
  const setFeedback = db.prepare('UPDATE incidents SET feedback = ?, feedback_ms = ?, outcome = ? WHERE id = ?')
  const confirmed: Statement<DocRow> = db.prepare(`${SELECT} WHERE feedback_ms >= ? ORDER BY feedback_ms, id`)
  const feedbackRows: Statement<{ atMs: number; outcome: FeedbackRow['outcome']; method: string; graph_version: string }> = db.prepare(
    'SELECT feedback_ms AS atMs, outcome, method, graph_version FROM incidents WHERE feedback_ms >= ?',
  )
  const purgeOld = db.prepare('DELETE FROM incidents WHERE updated_ms < ?')
  const stateByName: Statement<{ doc: string }, [string]> = db.prepare('SELECT doc FROM service_state WHERE name = ?')
  const putState = db.prepare(
    'INSERT INTO service_state (name, doc, updated_ms) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET doc = excluded.doc, updated_ms = excluded.updated_ms',
  )

  return {
    kind: 'sqlite',
    async upsert(incidents) {
      if (incidents.length > 0) upsertMany(incidents)
    },
    async get(id) {
      const row = byId.get(id)
      return row ? fromRow(row) : null
    },
    async list(q: IncidentQuery) {
      const since = q.sinceMs ?? 0
      const rows = q.service === undefined ? listAll.all(since, q.limit) : listService.all(since, q.limit, q.service)
      return rows.map(fromRow)
    },
    async saveFeedback(id: string, feedback: IncidentFeedback) {
      const changed = setFeedback.run(JSON.stringify(feedback), Date.parse(feedback.at), feedback.outcome, id).changes
      if (changed === 0) return null
      const row = byId.get(id)
      return row ? fromRow(row) : null
    },
    async updatedByOthers(sinceMs, limit) {
      return byOthers.all(sinceMs, writer, limit)
    },
    async confirmedSince(sinceMs) {
      return confirmed.all(sinceMs).map(fromRow)
    },
    async feedbackSince(sinceMs) {
      return feedbackRows.all(sinceMs).map((r) => ({ ...r, atMs: Number(r.atMs) }))
    },
    async purge(beforeMs) {
      return purgeOld.run(beforeMs).changes
    },
    async loadState(name) {
      return stateByName.get(name)?.doc ?? null
    },
    async saveState(name, doc) {
      putState.run(name, doc, Date.now())
    },
    async ping() {
      db.query('SELECT 1').get()
    },
    async close() {
      db.close()
    },
  }
}

/** Applies pending migrations, each in its own transaction with its schema_migrations row. */
function migrate(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)')
  // IMMEDIATE takes the write lock first, so two processes opening one new file cannot both migrate.
  db.transaction(() => {
    const applied = db
      .query<{ version: number }, []>('SELECT version FROM schema_migrations')
      .all()
      .map((r) => r.version)
    for (const m of pendingMigrations(applied)) {
      for (const stmt of m.sqlite) db.exec(stmt)
      db.query('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString())
    }
  }).immediate()
}
