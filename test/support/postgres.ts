/**
 * A throwaway real Postgres for tests: Debian's server binaries, a new
 * cluster in a temp directory (as the `postgres` user when running as root:
 * initdb refuses root), listening on a free loopback port, stopped and
 * deleted by stop(). undefined when no server binaries are installed.
 */
import { chmodSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, tempDir } from './processes.ts'
import { orSkip } from './required.ts'

export interface TestPostgres {
  url: string
  /** Stops the server, keeping its data: how a database outage looks to a client. */
  pause(): void
  /** Starts it again on the same port. */
  resume(): void
  stop(): Promise<void>
}

/** The bin directory of the newest installed Debian postgresql, if any (throws when missing and required). */
export function postgresBin(): string | undefined {
  return orSkip('Postgres server binaries (Debian package postgresql)', findPostgresBin())
}

function findPostgresBin(): string | undefined {
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    for (const v of versions) {
      const bin = `/usr/lib/postgresql/${v}/bin`
      if (Bun.file(join(bin, 'initdb')).size > 0) return bin
    }
  } catch {
    // not installed
  }
  return undefined
}

function run(cmd: string[], asPostgres: boolean): void {
  const argv = asPostgres ? ['runuser', '-u', 'postgres', '--', ...cmd] : cmd
  const p = Bun.spawnSync(argv, { stdout: 'pipe', stderr: 'pipe' })
  if (p.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${p.stderr.toString()}${p.stdout.toString()}`)
}

export async function startPostgres(): Promise<TestPostgres | undefined> {
  const bin = postgresBin()
  if (!bin) return undefined
  const asPostgres = process.getuid?.() === 0
  const dir = tempDir('aiops-pg-')
  // The postgres user must reach its data and socket directory inside our temp dir.
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  const port = freePort()
  run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], asPostgres)
  const start = () => run([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -h 127.0.0.1 -k ${dir} -F`, 'start'], asPostgres)
  let stopped = false
  const stopNow = () => {
    if (stopped) return
    stopped = true
    try {
      run([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres)
    } catch {
      // already stopped
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  // A test file that ends early (a hook timing out) must not leave a server running.
  process.once('exit', stopNow)
  start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pause: () => run([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres),
    resume: start,
    async stop() {
      stopNow()
    },
  }
}

/** A fresh database on `pg` for one test file, so files never see one another's rows. */
export async function createDatabase(pg: TestPostgres, name: string): Promise<string> {
  const { SQL } = await import('bun')
  const admin = new SQL(pg.url)
  await admin.unsafe(`CREATE DATABASE ${name}`)
  await admin.close()
  return pg.url.replace(/\/postgres$/, `/${name}`)
}
