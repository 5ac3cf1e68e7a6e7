/**
 * Helpers for tests that run real programs next to the service (Alertmanager,
 * Prometheus, the compiled binary): a free loopback port, polling until a URL
 * answers, and a temp directory per run. Loopback only, port 0 only.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The compiled service (`bun run build`), or the one AIOPS_BINARY names. */
export const BINARY = process.env.AIOPS_BINARY ?? resolve(import.meta.dir, '../../dist/aiops-serve')

/** A port the kernel just handed out on 127.0.0.1 (released again for the caller). */
export function freePort(): number {
  const s = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = s.port!
  s.stop(true)
  return port
}

/** Polls `check` every 50 ms until it returns a value, or throws after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    try {
      const v = await check()
      if (v !== undefined) return v
    } catch {
      // not there yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await Bun.sleep(50)
  }
}

/** Resolves when GET `url` answers 200. */
export const waitHttpOk = (url: string, ms?: number) => waitFor(url, async () => ((await fetch(url)).ok ? true : undefined), ms)

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

/** The first of `names` found on PATH, or undefined. */
export const which = (...names: string[]) => names.map((n) => Bun.which(n)).find(Boolean) ?? undefined

type Stdio = 'pipe' | 'ignore'

/**
 * The compiled binary started from a fresh temp directory on a free loopback port, with only PATH, PORT, HOST
 * and `env` in its environment; not waited for (callers wait on `${base}/readyz` with their own bound).
 */
export function spawnBinary(env: Record<string, string>, io: { stdout?: Stdio; stderr?: Stdio } = {}) {
  const port = freePort()
  const proc = Bun.spawn([BINARY], {
    cwd: tempDir('aiops-bin-'),
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdout: io.stdout ?? 'ignore',
    stderr: io.stderr ?? 'ignore',
  })
  return { proc, port, base: `http://127.0.0.1:${port}` }
}
