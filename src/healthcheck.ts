/**
 * `aiops-serve healthcheck`: asks the running server's /readyz and exits 0
 * when it answers 200, else 1. It is the Docker HEALTHCHECK of an image that
 * has no shell, curl or wget (distroless): the binary checks itself.
 * Reads PORT and HOST like the server, so the probe follows the listen address.
 */

/** Where a server started with this env can be reached from inside its own container. */
export function probeUrl(env: Record<string, string | undefined>): string {
  const port = env.PORT?.trim() || '8000'
  const host = env.HOST?.trim() || '0.0.0.0'
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return `http://${local}:${port}/readyz`
}

/**
 * @returns the process exit code: 0 ready, 1 not ready or not answering
 * @example process.exit(await healthcheck(Bun.env))
 */
export async function healthcheck(env: Record<string, string | undefined>, timeoutMs = 2000): Promise<number> {
  try {
    const res = await fetch(probeUrl(env), { signal: AbortSignal.timeout(timeoutMs) })
    return res.status === 200 ? 0 : 1
  } catch {
    return 1
  }
}
