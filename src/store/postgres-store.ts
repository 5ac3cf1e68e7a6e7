/**
 * The shared incident store: Postgres through Bun's built-in client (Bun.sql),
 * for replicas that must see one another's incidents and feedback. Same
 * migrations and behaviour as the SQLite store. Migrations take an advisory
 * lock, so replicas starting together apply each version once. A server that
 * is down at start does not stop the service: every operation first makes
 * sure the schema is migrated, retrying the migration while it fails.
 */
import { SQL } from 'bun'
import type { IncidentFeedback } from './incident-record.ts'
import { type DocRow, fromRow, toRow, type FeedbackRow, type IncidentQuery, type IncidentStore, type OpenRow } from './incident-store.ts'
import { pendingMigrations } from './migrations.ts'

// Any constant shared by every replica: the advisory lock that serialises migrations.
const MIGRATION_LOCK = 72_600_119
// A short pool: writes are batched by one writer and reads are rare admin/operator requests.
const MAX_CONNECTIONS = 4
// A query that has not answered by then fails, so a hung server cannot hold the writer forever.
const CONNECTION_TIMEOUT_SEC = 5

// BIGINT comes back as a string from Bun.sql: the times are read as float8 (exact for epoch ms).
const SELECT = 'SELECT doc, created_ms::float8 AS created_ms, updated_ms::float8 AS updated_ms, feedback FROM incidents'

/** Opens lazily: no connection is made until the first operation. */
export function openPostgresStore(url: string): IncidentStore {
  const sql = new SQL({ url, max: MAX_CONNECTIONS, connectionTimeout: CONNECTION_TIMEOUT_SEC })
  // This instance's name on the rows it writes, so another replica's sync skips what it wrote itself.
  const writer = crypto.randomUUID()
  let migrated: Promise<void> | undefined
  const ready = (): Promise<void> => {
    migrated ??= migrate(sql).catch((e) => {
      migrated = undefined // the next operation tries again
      throw e
    })
    return migrated
  }
  return {
    kind: 'postgres',
    async upsert(incidents) {
      if (incidents.length === 0) return
      await ready()
      await sql.begin(async (tx) => {
        for (const inc of incidents) {
          const r = toRow(inc)
          // services goes in as a JS array: a JSON.stringify'd parameter would be stored as one JSON string.
          await tx`INSERT INTO incidents (id, created_ms, updated_ms, group_key, root_cause, method, graph_version, services, sources, writer, doc)
            VALUES (${r.id}, ${r.created_ms}, ${r.updated_ms}, ${r.group_key}, ${r.root_cause}, ${r.method}, ${r.graph_version}, ${r.services}, ${r.sources}, ${writer}, ${r.doc})
            ON CONFLICT (id) DO UPDATE SET updated_ms = EXCLUDED.updated_ms, group_key = coalesce(EXCLUDED.group_key, incidents.group_key),
              root_cause = EXCLUDED.root_cause, method = EXCLUDED.method, graph_version = EXCLUDED.graph_version,
              services = EXCLUDED.services, sources = EXCLUDED.sources, writer = EXCLUDED.writer, doc = EXCLUDED.doc`
        }
      })
    },
    async get(id) {
      await ready()
      const rows: DocRow[] = await sql.unsafe(`${SELECT} WHERE id = $1`, [id])
      return rows[0] ? fromRow(rows[0]) : null
    },
    async list(q: IncidentQuery) {
      await ready()
      const since = q.sinceMs ?? 0
      const rows: DocRow[] =
        q.service === undefined
          ? await sql.unsafe(`${SELECT} WHERE updated_ms >= $1 ORDER BY updated_ms DESC, id LIMIT $2`, [since, q.limit])
          : await sql.unsafe(`${SELECT} WHERE updated_ms >= $1 AND services ? $3 ORDER BY updated_ms DESC, id LIMIT $2`, [since, q.limit, q.service])
      return rows.map(fromRow)
    },
    async saveFeedback(id: string, feedback: IncidentFeedback) {
      await ready()
      const rows: DocRow[] = await sql.unsafe(
        `UPDATE incidents SET feedback = $1, feedback_ms = $2, outcome = $3 WHERE id = $4
         RETURNING doc, created_ms::float8 AS created_ms, updated_ms::float8 AS updated_ms, feedback`,
        [JSON.stringify(feedback), Date.parse(feedback.at), feedback.outcome, id],
      )
      return rows[0] ? fromRow(rows[0]) : null
    },
    async updatedByOthers(sinceMs, limit) {
      await ready()
      const rows: OpenRow[] = await sql.unsafe(
        `SELECT id, created_ms::float8 AS created_ms, updated_ms::float8 AS updated_ms, group_key, sources FROM incidents
         WHERE updated_ms >= $1 AND writer <> $2 ORDER BY updated_ms DESC LIMIT $3`,
        [sinceMs, writer, limit],
      )
      return rows
    },
    async confirmedSince(sinceMs) {
      await ready()
      const rows: DocRow[] = await sql.unsafe(`${SELECT} WHERE feedback_ms >= $1 ORDER BY feedback_ms, id`, [sinceMs])
      return rows.map(fromRow)
    },
    async feedbackSince(sinceMs) {
      await ready()
      const rows: FeedbackRow[] = await sql.unsafe(
        'SELECT feedback_ms::float8 AS "atMs", outcome, method, graph_version FROM incidents WHERE feedback_ms >= $1',
        [sinceMs],
      )
      return rows.map((r) => ({ ...r, atMs: Number(r.atMs) }))
    },
    async purge(beforeMs) {
      await ready()
      const res = await sql.unsafe('DELETE FROM incidents WHERE updated_ms < $1', [beforeMs])
      return Number(res.count ?? 0)
    },
    async loadState(name) {
      await ready()
      const rows: Array<{ doc: string }> = await sql.unsafe('SELECT doc FROM service_state WHERE name = $1', [name])
      return rows[0]?.doc ?? null
    },
    async saveState(name, doc) {
      await ready()
      await sql.unsafe(
        'INSERT INTO service_state (name, doc, updated_ms) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET doc = EXCLUDED.doc, updated_ms = EXCLUDED.updated_ms',
        [name, doc, Date.now()],
      )
    },
    async ping() {
      await ready()
      await sql.unsafe('SELECT 1')
    },
    async close() {
      await sql.close()
    },
  }
}

async function migrate(sql: SQL): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`)
    await tx.unsafe('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)')
    const applied: Array<{ version: number }> = await tx.unsafe('SELECT version FROM schema_migrations')
    for (const m of pendingMigrations(applied.map((r) => Number(r.version)))) {
      for (const stmt of m.postgres) await tx.unsafe(stmt)
      await tx.unsafe('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()])
    }
  })
}
