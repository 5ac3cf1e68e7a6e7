/**
 * Schema migrations of the incident store, one list for both dialects so
 * SQLite and Postgres keep the same tables. Each store applies, at start and
 * in order, the versions its schema_migrations table does not list yet.
 * Append new versions; never edit an applied one.
 */

export interface Migration {
  version: number
  description: string
  sqlite: string[]
  postgres: string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'incidents with their report document, alert sources and writer (grouping across replicas), feedback columns and the indexes the queries use',
    sqlite: [
      `CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        group_key TEXT,
        root_cause TEXT NOT NULL,
        method TEXT NOT NULL,
        graph_version TEXT NOT NULL,
        services TEXT NOT NULL,
        sources TEXT NOT NULL,
        writer TEXT NOT NULL,
        doc TEXT NOT NULL,
        feedback TEXT,
        feedback_ms INTEGER,
        outcome TEXT
      )`,
      'CREATE INDEX incidents_updated ON incidents (updated_ms)',
      'CREATE INDEX incidents_feedback ON incidents (feedback_ms) WHERE feedback_ms IS NOT NULL',
    ],
    postgres: [
      `CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_ms BIGINT NOT NULL,
        updated_ms BIGINT NOT NULL,
        group_key TEXT,
        root_cause TEXT NOT NULL,
        method TEXT NOT NULL,
        graph_version TEXT NOT NULL,
        services JSONB NOT NULL,
        sources TEXT NOT NULL,
        writer TEXT NOT NULL,
        doc TEXT NOT NULL,
        feedback TEXT,
        feedback_ms BIGINT,
        outcome TEXT
      )`,
      'CREATE INDEX incidents_updated ON incidents (updated_ms)',
      'CREATE INDEX incidents_feedback ON incidents (feedback_ms) WHERE feedback_ms IS NOT NULL',
      'CREATE INDEX incidents_services ON incidents USING GIN (services)',
    ],
  },
  {
    version: 2,
    description: 'service_state: named documents of state the service learns from its stream (the chronic-alert baseline), kept across restarts',
    sqlite: ['CREATE TABLE service_state (name TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_ms INTEGER NOT NULL)'],
    postgres: ['CREATE TABLE service_state (name TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_ms BIGINT NOT NULL)'],
  },
]

/** The migrations not yet applied, in order. */
export function pendingMigrations(applied: Iterable<number>): Migration[] {
  const done = new Set(applied)
  return MIGRATIONS.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version)
}
