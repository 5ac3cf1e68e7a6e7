/**
 * Helpers for tests that run real programs next to the service (Alertmanager,
 * Prometheus, the compiled binary): a free loopback port, polling until a URL
 * answers, and a temp directory per run. Loopback only, port 0 only.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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
